namespace Ferry.Client.Models;

/// <summary>The API surface that created a job; a job is visible to customers only through its own surface.</summary>
public enum JobSurface
{
    /// <summary>The classic 2014 REST API.</summary>
    Classic,

    /// <summary>The ARM <c>Microsoft.ImportExport</c> API.</summary>
    Arm,
}
