namespace Ferry.Core.Jobs;

/// <summary>A drive of a job as stored.</summary>
public sealed class Drive
{
    /// <summary>Store key.</summary>
    public long Id { get; set; }

    /// <summary>Owning job.</summary>
    public long JobId { get; set; }

    /// <summary>Position in the job's drive list.</summary>
    public int Ordinal { get; set; }

    /// <summary>Drive serial number without spaces.</summary>
    public string DriveId { get; set; } = "";

    /// <summary>Protected BitLocker recovery password, or null while unknown (export before transfer).</summary>
    public string? ProtectedBitLockerKey { get; set; }

    /// <summary>Manifest path on the drive.</summary>
    public string? ManifestFile { get; set; }

    /// <summary>Base16 MD5 of the manifest, as supplied.</summary>
    public string? ManifestHash { get; set; }

    /// <summary>ARM: the drive header hash as supplied, or null.</summary>
    public string? DriveHeaderHash { get; set; }

    /// <summary>Current state.</summary>
    public DriveState State { get; set; }

    /// <summary>Copy status, absent until the drive reaches Transferring.</summary>
    public CopyStatus? CopyStatus { get; set; }

    /// <summary>Copy progress, 0–100.</summary>
    public int? PercentComplete { get; set; }

    /// <summary>Bytes copied so far.</summary>
    public long BytesSucceeded { get; set; }

    /// <summary>Bytes the copy moves in all, as the transfer engine last reported it; null when unknown (an operator-driven copy).</summary>
    public long? BytesTotal { get; set; }

    /// <summary>Verbose copy log location, once written.</summary>
    public string? VerboseLogUri { get; set; }

    /// <summary>Error copy log location, once written.</summary>
    public string? ErrorLogUri { get; set; }

    /// <summary>Manifest backup location, once written.</summary>
    public string? ManifestUri { get; set; }

    /// <summary>Where the drive's content is on the server host (a folder), once received; null when unknown.</summary>
    public string? ContentPath { get; set; }

    /// <summary>When the drive entered its current state.</summary>
    public DateTimeOffset StateChangedAt { get; set; }

    /// <summary>A copy.</summary>
    public Drive Clone() => (Drive)MemberwiseClone();
}
