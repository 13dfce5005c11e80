namespace Ferry.Client.Models;

/// <summary>The state of a job (the lifecycle's closed set).</summary>
public enum JobState
{
    /// <summary>Created; drives not yet shipped.</summary>
    Creating,

    /// <summary>The customer sent the delivery package details.</summary>
    Shipping,

    /// <summary>The package arrived at the data centre.</summary>
    Received,

    /// <summary>At least one drive is being copied.</summary>
    Transferring,

    /// <summary>Every drive finished; waiting to ship back.</summary>
    Packaging,

    /// <summary>Drives shipped back without errors.</summary>
    Completed,

    /// <summary>Drives shipped back with errors, or a never-received job closed by the operator.</summary>
    Closed,

    /// <summary>Reserved: accepted by filters, never entered by the lifecycle.</summary>
    Canceled,
}
