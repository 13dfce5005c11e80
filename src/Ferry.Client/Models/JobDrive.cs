using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>One drive of a job (an item of <c>DriveList</c>). The status members are output only.</summary>
public sealed class JobDrive
{
    /// <summary>Creates an import drive.</summary>
    /// <param name="driveId">The drive's hardware serial number without spaces.</param>
    /// <param name="bitLockerKey">The BitLocker recovery password.</param>
    /// <param name="manifestFile">The manifest path on the drive, e.g. <c>\DriveManifest.xml</c>.</param>
    /// <param name="manifestHash">The Base16 MD5 of the manifest file.</param>
    public JobDrive(string driveId, string? bitLockerKey, string? manifestFile, string? manifestHash)
    {
        DriveId = driveId;
        BitLockerKey = bitLockerKey;
        ManifestFile = manifestFile;
        ManifestHash = manifestHash;
    }

    /// <summary>The drive's serial number (<c>DriveId</c>).</summary>
    [JsonPropertyName("DriveId")]
    public string DriveId { get; set; }

    /// <summary>The BitLocker recovery password (<c>BitLockerKey</c>); for export drives only once shipped back.</summary>
    [JsonPropertyName("BitLockerKey")]
    public string? BitLockerKey { get; set; }

    /// <summary>The manifest path on the drive (<c>ManifestFile</c>).</summary>
    [JsonPropertyName("ManifestFile")]
    public string? ManifestFile { get; set; }

    /// <summary>The manifest's Base16 MD5 (<c>ManifestHash</c>).</summary>
    [JsonPropertyName("ManifestHash")]
    public string? ManifestHash { get; set; }

    /// <summary>The drive state (<c>State</c>), e.g. <c>Specified</c>; output only.</summary>
    [JsonPropertyName("State")]
    [JsonInclude]
    public string? State { get; internal set; }

    /// <summary>The copy status (<c>CopyStatus</c>), from <c>Transferring</c> on; output only.</summary>
    [JsonPropertyName("CopyStatus")]
    [JsonInclude]
    public string? CopyStatus { get; internal set; }

    /// <summary>Percentage copied (<c>PercentComplete</c>); output only.</summary>
    [JsonPropertyName("PercentComplete")]
    [JsonInclude]
    public int? PercentComplete { get; internal set; }

    /// <summary>The verbose log blob (<c>VerboseLogUri</c>); output only.</summary>
    [JsonPropertyName("VerboseLogUri")]
    [JsonInclude]
    public string? VerboseLogUri { get; internal set; }

    /// <summary>The error log blob (<c>ErrorLogUri</c>); output only.</summary>
    [JsonPropertyName("ErrorLogUri")]
    [JsonInclude]
    public string? ErrorLogUri { get; internal set; }

    /// <summary>The manifest backup blob (<c>ManifestUri</c>); output only.</summary>
    [JsonPropertyName("ManifestUri")]
    [JsonInclude]
    public string? ManifestUri { get; internal set; }
}
