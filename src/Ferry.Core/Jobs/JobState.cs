namespace Ferry.Core.Jobs;

/// <summary>The state of a job. Stored as its numeric value: the values are frozen (see the persisted-enum test).</summary>
public enum JobState
{
    /// <summary>Created by Put Job; drives not yet shipped.</summary>
    Creating = 1,

    /// <summary>The customer sent the delivery package details.</summary>
    Shipping = 2,

    /// <summary>The package with the drives arrived at the data centre.</summary>
    Received = 3,

    /// <summary>At least one drive is being copied.</summary>
    Transferring = 4,

    /// <summary>Every drive finished; waiting to ship back.</summary>
    Packaging = 5,

    /// <summary>Drives shipped back without errors.</summary>
    Completed = 6,

    /// <summary>Drives shipped back with errors, or a never-received job closed by operators.</summary>
    Closed = 7,

    /// <summary>Reserved (docs/decisions.md D8): accepted by filters, never entered by the lifecycle.</summary>
    Canceled = 8,
}
