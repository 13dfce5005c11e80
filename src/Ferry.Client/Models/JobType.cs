namespace Ferry.Client.Models;

/// <summary>The direction of a job.</summary>
public enum JobType
{
    /// <summary>Drives are copied into the storage account.</summary>
    Import,

    /// <summary>Blobs are copied onto drives.</summary>
    Export,
}
