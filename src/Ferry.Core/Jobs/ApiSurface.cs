namespace Ferry.Core.Jobs;

/// <summary>
/// The public surface that created a job. Jobs are visible only through their own surface (docs/decisions.md D19).
/// Stored as its numeric value: the values are frozen.
/// </summary>
public enum ApiSurface
{
    /// <summary>The classic 2014 REST API.</summary>
    Classic = 1,

    /// <summary>The ARM Microsoft.ImportExport API.</summary>
    Arm = 2,
}
