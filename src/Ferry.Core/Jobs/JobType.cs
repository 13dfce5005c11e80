namespace Ferry.Core.Jobs;

/// <summary>Import or export. Stored as its numeric value: the values are frozen.</summary>
public enum JobType
{
    /// <summary>Data moves from drives into blob storage.</summary>
    Import = 1,

    /// <summary>Data moves from blob storage onto drives.</summary>
    Export = 2,
}
