namespace Ferry.Core.Jobs;

/// <summary>
/// A surface-neutral Update Job Properties / PATCH request: null members are unchanged (merge semantics).
/// </summary>
public sealed record JobUpdate
{
    /// <summary>New friendly name.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>New description.</summary>
    public string? Description { get; init; }

    /// <summary>New metadata text.</summary>
    public string? Metadata { get; init; }

    /// <summary>The customer asks to move the job to Shipping.</summary>
    public bool RequestShipping { get; init; }

    /// <summary>The customer asks to cancel.</summary>
    public bool RequestCancel { get; init; }

    /// <summary>Replaces the return address.</summary>
    public ReturnAddress? ReturnAddress { get; init; }

    /// <summary>Replaces the return carrier account.</summary>
    public ReturnShipping? ReturnShipping { get; init; }

    /// <summary>Replaces the delivery package.</summary>
    public ShippingPackage? DeliveryPackage { get; init; }

    /// <summary>New verbose-log flag.</summary>
    public bool? EnableVerboseLog { get; init; }

    /// <summary>New manifest-backup flag.</summary>
    public bool? BackupDriveManifest { get; init; }

    /// <summary>Replaces the whole tag set (ARM; any state).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Replaces the drive list (ARM, Creating only).</summary>
    public IReadOnlyList<DriveSpec>? Drives { get; init; }

    /// <summary>
    /// When true (ARM), a member equal to the stored value, a request for Shipping on a Shipping job and a cancel request
    /// on a job whose cancellation was already requested are no change and pass every state window (docs/arm-api.md §3.6).
    /// </summary>
    public bool SameValueIsNoChange { get; init; }
}
