namespace Ferry.Core.Jobs;

/// <summary>
/// A surface-neutral Put Job / PUT request, already checked for wire shape by its surface.
/// <see cref="JobService"/> checks the rules both surfaces share.
/// </summary>
public sealed record CreateJob
{
    /// <summary>Storage account name.</summary>
    public required string StorageAccountName { get; init; }

    /// <summary>Import or export.</summary>
    public required JobType Type { get; init; }

    /// <summary>Location name as given (matched case-insensitively against the catalogue).</summary>
    public required string Location { get; init; }

    /// <summary>Classic: the account key or container SAS (required). ARM: null; the data path uses the credentials registered for <see cref="StorageAccountId"/>.</summary>
    public StorageCredential? Credential { get; init; }

    /// <summary>ARM: the storage account's resource id (required there); null on classic.</summary>
    public string? StorageAccountId { get; init; }

    /// <summary>ARM tags; null for none.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>ARM encryption key settings; null for the default.</summary>
    public EncryptionKeySettings? EncryptionKey { get; init; }

    /// <summary>Optional customer text.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>Optional customer text.</summary>
    public string? Description { get; init; }

    /// <summary>Optional customer text.</summary>
    public string? Metadata { get; init; }

    /// <summary>Optional at creation; required before Shipping.</summary>
    public ReturnAddress? ReturnAddress { get; init; }

    /// <summary>Optional.</summary>
    public ReturnShipping? ReturnShipping { get; init; }

    /// <summary>ARM accepts it at PUT (docs/decisions.md D28); classic ignores it.</summary>
    public ShippingPackage? DeliveryPackage { get; init; }

    /// <summary>Null for the default <c>waimportexport</c>.</summary>
    public string? DiagnosticsPath { get; init; }

    /// <summary>Null for the default (false).</summary>
    public bool? EnableVerboseLog { get; init; }

    /// <summary>Null for the default (false).</summary>
    public bool? BackupDriveManifest { get; init; }

    /// <summary>Import drives; empty for export.</summary>
    public IReadOnlyList<DriveSpec> Drives { get; init; } = [];

    /// <summary>Export selection; null for import.</summary>
    public ExportSelection? Export { get; init; }
}
