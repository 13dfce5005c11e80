namespace Ferry.Client.Models;

/// <summary>The state of a drive (the lifecycle's closed set).</summary>
public enum DriveState
{
    /// <summary>Named by an import job; not yet received.</summary>
    Specified,

    /// <summary>Processed in at the data centre; the first state of export drives.</summary>
    Received,

    /// <summary>Missing from the package, or not received in time.</summary>
    NeverReceived,

    /// <summary>Being copied.</summary>
    Transferring,

    /// <summary>Copied without errors.</summary>
    Completed,

    /// <summary>Copy finished with errors, warnings or informational entries.</summary>
    CompletedMoreInfo,

    /// <summary>Shipped to the return address.</summary>
    ShippedBack,
}
