namespace Ferry.Server.Classic;

/// <summary>The x-ms-version values of the classic surface.</summary>
internal static class ClassicVersions
{
    public const string V20140501 = "2014-05-01";
    public const string V20141101 = "2014-11-01";

    /// <summary>The version echoed when the request's is missing or invalid.</summary>
    public const string Latest = V20141101;

    public static bool IsSupported(string? version) => version is V20140501 or V20141101;
}
