namespace Ferry.Core.Jobs;

/// <summary>The state of a drive. Stored as its numeric value: the values are frozen.</summary>
public enum DriveState
{
    /// <summary>Initial state of an import drive.</summary>
    Specified = 1,

    /// <summary>Processed in at the data centre; the initial state of export drives.</summary>
    Received = 2,

    /// <summary>Missing from the package, or not received within the deadline.</summary>
    NeverReceived = 3,

    /// <summary>Data copy in progress.</summary>
    Transferring = 4,

    /// <summary>All data transferred without errors.</summary>
    Completed = 5,

    /// <summary>Copy finished with errors, warnings or informational entries.</summary>
    CompletedMoreInfo = 6,

    /// <summary>Shipped to the return address.</summary>
    ShippedBack = 7,
}
