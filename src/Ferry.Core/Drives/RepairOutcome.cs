namespace Ferry.Core.Drives;

/// <summary>What a repair did for one blob. Values are explicit and may only grow.</summary>
public enum RepairOutcome
{
    /// <summary>Every failing block or range was sent with a verified MD5 and the blob was committed.</summary>
    Repaired = 1,

    /// <summary>No original file was found (or several candidates matched: see the reason); nothing was sent.</summary>
    NotFound = 2,

    /// <summary>The file found does not match the manifest's MD5s (or is too short); nothing was committed.</summary>
    StillCorrupted = 3,

    /// <summary>The Blob service refused a request, or the manifest does not describe the blob; see the reason.</summary>
    Failed = 4,
}
