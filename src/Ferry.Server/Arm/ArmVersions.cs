namespace Ferry.Server.Arm;

/// <summary>The api-versions the ARM surface serves (docs/arm-api.md §2.2); one wire shape serves them all (§5).</summary>
internal static class ArmVersions
{
    public static readonly IReadOnlyList<string> Supported = ["2016-11-01", "2020-08-01", "2021-01-01"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version, StringComparer.Ordinal);
}
