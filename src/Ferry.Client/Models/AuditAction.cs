namespace Ferry.Client.Models;

/// <summary>What an audit entry records.</summary>
public enum AuditAction
{
    /// <summary>A job was created.</summary>
    Create,

    /// <summary>A job in <c>Creating</c> was replaced.</summary>
    Replace,

    /// <summary>The customer shipped the drives.</summary>
    Ship,

    /// <summary>The customer requested cancellation.</summary>
    Cancel,

    /// <summary>A job was deleted.</summary>
    Delete,

    /// <summary>A job expired and was removed by the sweeper.</summary>
    Expire,

    /// <summary>The operator received the package.</summary>
    ReceivePackage,

    /// <summary>The operator received one drive.</summary>
    ReceiveDrive,

    /// <summary>A drive was marked never received.</summary>
    NeverReceived,

    /// <summary>A never-received job was closed.</summary>
    Close,

    /// <summary>A drive's copy started.</summary>
    StartCopy,

    /// <summary>A drive's copy progress was reported.</summary>
    Progress,

    /// <summary>A drive's copy completed.</summary>
    CompleteCopy,

    /// <summary>A drive's copy failed.</summary>
    FailDrive,

    /// <summary>A move the lifecycle made by itself (e.g. Transferring to Packaging).</summary>
    Settle,

    /// <summary>The drives were shipped back.</summary>
    ShipBack,

    /// <summary>The operator reset the subscription.</summary>
    Reset,
}
