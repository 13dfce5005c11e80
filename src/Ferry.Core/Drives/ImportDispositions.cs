using System.Diagnostics.CodeAnalysis;

namespace Ferry.Core.Drives;

/// <summary>The wire form of <see cref="ImportDisposition"/>: <c>rename</c>, <c>no-overwrite</c>, <c>overwrite</c>, case-sensitive.</summary>
public static class ImportDispositions
{
    /// <summary>The wire string of <paramref name="d"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="d"/> is not a defined value.</exception>
    public static string ToWire(ImportDisposition d) => d switch
    {
        ImportDisposition.Rename => "rename",
        ImportDisposition.NoOverwrite => "no-overwrite",
        ImportDisposition.Overwrite => "overwrite",
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, "Not an import disposition."),
    };

    /// <summary>
    /// Parses a wire string. False (and <paramref name="d"/> default) for null or any other spelling, including a
    /// different case such as <c>Rename</c>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? wire, out ImportDisposition d)
    {
        d = wire switch
        {
            "rename" => ImportDisposition.Rename,
            "no-overwrite" => ImportDisposition.NoOverwrite,
            "overwrite" => ImportDisposition.Overwrite,
            _ => default,
        };
        return d != default;
    }
}
