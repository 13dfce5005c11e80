namespace Ferry.Core.Persistence;

/// <summary>The outcome of <see cref="IJobStore.InsertJobAsync"/>.</summary>
public enum InsertOutcome
{
    /// <summary>The job was stored.</summary>
    Inserted,

    /// <summary>The active-job limit was reached; nothing was stored.</summary>
    LimitReached,

    /// <summary>Another job holds the name; nothing was stored.</summary>
    NameTaken,
}
