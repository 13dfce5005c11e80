namespace Ferry.Server.Classic;

/// <summary>
/// The classic location catalogue (section <c>Ferry:Classic:Locations</c>): the built-in one, or a JSON file of
/// the same shape that replaces it.
/// </summary>
public sealed class ClassicLocationOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Classic:Locations";

    /// <summary>Path of a catalogue file; null for the built-in catalogue.</summary>
    public string? CatalogFile { get; set; }
}
