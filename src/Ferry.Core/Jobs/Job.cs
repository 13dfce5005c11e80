namespace Ferry.Core.Jobs;

/// <summary>
/// A job as stored. Only <see cref="JobService"/> and the store change it; surfaces map it to their wire shape.
/// Secrets are held protected (<see cref="Security.ISecretProtector"/>) and never leave the server.
/// </summary>
public sealed class Job
{
    /// <summary>Store key.</summary>
    public long Id { get; set; }

    /// <summary>The surface that created the job (docs/decisions.md D19).</summary>
    public ApiSurface Surface { get; set; }

    /// <summary>Owning subscription, a lowercase GUID string.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>ARM resource group as spelled at creation; empty for classic jobs.</summary>
    public string ResourceGroup { get; set; } = "";

    /// <summary>Upper-invariant resource group: with <see cref="NameKey"/>, the ARM uniqueness and ordering key.</summary>
    public string ResourceGroupKey { get; set; } = "";

    /// <summary>The name as given at creation.</summary>
    public string Name { get; set; } = "";

    /// <summary>Upper-invariant name: the uniqueness and ordering key.</summary>
    public string NameKey { get; set; } = "";

    /// <summary>Storage account name, lowercase.</summary>
    public string StorageAccountName { get; set; } = "";

    /// <summary>ARM only: the storage account's resource id as given; null for classic jobs.</summary>
    public string? StorageAccountId { get; set; }

    /// <summary>Import or export.</summary>
    public JobType Type { get; set; }

    /// <summary>Data-centre location name in catalogue spelling.</summary>
    public string Location { get; set; } = "";

    /// <summary>Current state.</summary>
    public JobState State { get; set; }

    /// <summary>True once the customer asked to cancel; never reset.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Optional customer text.</summary>
    public string? FriendlyName { get; set; }

    /// <summary>Optional customer text.</summary>
    public string? Description { get; set; }

    /// <summary>Optional customer text.</summary>
    public string? Metadata { get; set; }

    /// <summary>ARM tags; null or empty when none.</summary>
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>ARM encryption key settings as given; null for the default (Microsoft-managed).</summary>
    public EncryptionKeySettings? EncryptionKey { get; set; }

    /// <summary>Return address, once given.</summary>
    public ReturnAddress? ReturnAddress { get; set; }

    /// <summary>Return carrier account, once given.</summary>
    public ReturnShipping? ReturnShipping { get; set; }

    /// <summary>The customer's parcel, once given.</summary>
    public ShippingPackage? DeliveryPackage { get; set; }

    /// <summary>The return parcel, after ship-back.</summary>
    public ShippingPackage? ReturnPackage { get; set; }

    /// <summary>Effective location of logs and manifest backups (default <c>waimportexport</c>).</summary>
    public string DiagnosticsPath { get; set; } = "";

    /// <summary>Whether verbose copy logs are written.</summary>
    public bool EnableVerboseLog { get; set; }

    /// <summary>Whether drive manifests are backed up into the account.</summary>
    public bool BackupDriveManifest { get; set; }

    /// <summary>Export only: where the list of blobs that did not fit was written.</summary>
    public string? IncompleteBlobListUri { get; set; }

    /// <summary>Job progress from <see cref="JobState.Transferring"/> on.</summary>
    public int? PercentComplete { get; set; }

    /// <summary>Export only: the selection as supplied.</summary>
    public ExportSelection? Export { get; set; }

    /// <summary>Protected account key, or null when the job uses a SAS.</summary>
    public string? ProtectedAccountKey { get; set; }

    /// <summary>Protected container SAS, or null when the job uses a key.</summary>
    public string? ProtectedContainerSas { get; set; }

    /// <summary>Creation instant (kept when a Creating job is replaced).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last change of the stored representation: the source of ETag and Last-Modified, and the concurrency token.</summary>
    public DateTimeOffset LastModifiedAt { get; set; }

    /// <summary>Last customer touch while Creating: the start of the 2-week expiry (T1).</summary>
    public DateTimeOffset LastTouchedAt { get; set; }

    /// <summary>When the job entered its current state (T3 counts from here).</summary>
    public DateTimeOffset StateChangedAt { get; set; }

    /// <summary>When the job entered Shipping (T2 counts from here).</summary>
    public DateTimeOffset? ShippingAt { get; set; }

    /// <summary>Drive ids found in the package that the job does not list: never processed, returned at ship-back.</summary>
    public List<string> ExtraDriveIds { get; set; } = [];

    /// <summary>The job's drives in their listed order.</summary>
    public List<Drive> Drives { get; set; } = [];

    /// <summary>A deep copy (drives included); the value members are immutable and shared.</summary>
    public Job Clone()
    {
        var copy = (Job)MemberwiseClone();
        copy.Drives = [.. Drives.Select(d => d.Clone())];
        copy.ExtraDriveIds = [.. ExtraDriveIds];
        copy.Tags = Tags is null ? null : new Dictionary<string, string>(Tags, StringComparer.Ordinal);
        return copy;
    }
}
