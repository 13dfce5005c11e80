namespace Ferry.Core.Audit;

/// <summary>What an audit entry records. Stored as its numeric value: the values are frozen.</summary>
public enum AuditAction
{
    /// <summary>Put Job created the job.</summary>
    Create = 1,

    /// <summary>Put Job replaced a Creating job.</summary>
    Replace = 2,

    /// <summary>The customer sent the shipping details (Creating → Shipping).</summary>
    Ship = 3,

    /// <summary>The customer asked to cancel.</summary>
    Cancel = 4,

    /// <summary>The customer deleted the job.</summary>
    Delete = 5,

    /// <summary>A time rule deleted the job (T1 or T3).</summary>
    Expire = 6,

    /// <summary>Step R1: the package arrived.</summary>
    ReceivePackage = 7,

    /// <summary>Step R2, or one drive of a Shipping job arrived.</summary>
    ReceiveDrive = 8,

    /// <summary>Step N1 or time rule T2.</summary>
    NeverReceived = 9,

    /// <summary>Step N2: a never-received job was closed.</summary>
    Close = 10,

    /// <summary>Step C1.</summary>
    StartCopy = 11,

    /// <summary>Step C2.</summary>
    Progress = 12,

    /// <summary>Step C3 with a successful copy status.</summary>
    CompleteCopy = 13,

    /// <summary>Step C3 with a failure copy status.</summary>
    FailDrive = 14,

    /// <summary>A move the lifecycle makes by itself (e.g. Transferring → Packaging when no drive is left).</summary>
    Settle = 15,

    /// <summary>Step S1.</summary>
    ShipBack = 16,

    /// <summary>An operator wiped the subscription's jobs.</summary>
    Reset = 17,
}
