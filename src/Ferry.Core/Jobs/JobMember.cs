namespace Ferry.Core.Jobs;

/// <summary>The groups of customer-changeable members whose state windows docs/lifecycle.md §3 defines.</summary>
public enum JobMember
{
    /// <summary>FriendlyName, Description, Metadata, ARM tags: any state.</summary>
    Descriptive,

    /// <summary>State → Shipping: Creating only.</summary>
    ShippingRequest,

    /// <summary>CancelRequested → true: Creating, Shipping, Received, Transferring (docs/decisions.md D9).</summary>
    CancelRequest,

    /// <summary>ReturnAddress, ReturnShipping: until Packaging.</summary>
    ReturnDetails,

    /// <summary>EnableVerboseLog / logLevel, BackupDriveManifest: until Packaging.</summary>
    LogOptions,

    /// <summary>DeliveryPackage: Creating and Shipping (until all drives arrived).</summary>
    DeliveryPackage,

    /// <summary>The drive list (ARM PATCH): Creating only.</summary>
    DriveList,
}
