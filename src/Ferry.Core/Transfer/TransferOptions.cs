using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Transfer;

/// <summary>
/// The transfer engine (section <c>Ferry:Transfer</c>): which drives it copies and how hard it works.
/// To add a setting: add the property with its default and a validation attribute here, its default in
/// <c>appsettings.json</c>, and its line in the README's configuration reference.
/// </summary>
public sealed class TransferOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Transfer";

    /// <summary>Whether this process runs the transfer engine.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether a received drive with known content starts copying by itself (step C1 by the engine). When false, only
    /// drives an operator started are copied.
    /// </summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>
    /// The blob endpoint of a storage account: <c>{account}</c> is replaced by the account name. Azurite:
    /// <c>http://127.0.0.1:10000/{account}</c>.
    /// </summary>
    public string BlobEndpoint { get; set; } = "https://{account}.blob.core.windows.net";

    /// <summary>How long a claim on a drive lasts without renewal; a crashed worker's drive is resumed after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the engine looks for work when there was none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running transfer reports progress (C2) and renews its claim.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Bandwidth cap of one transfer in bytes per second (0: none), e.g. to spare a shared link.</summary>
    [Range(0, long.MaxValue)]
    public long MaxBytesPerSecond { get; set; }

    /// <summary>Blocks or page ranges of one blob copied at once (each holds one buffer of <see cref="BufferBytes"/>' budget while in flight).</summary>
    [Range(1, 64)]
    public int BlockConcurrency { get; set; } = 8;

    /// <summary>Blobs of one drive copied at once.</summary>
    [Range(1, 64)]
    public int BlobConcurrency { get; set; } = 8;

    /// <summary>
    /// The most bytes the engine's block buffers hold together (in buffers of 4 MiB, one per block or range in flight,
    /// at least one): what bounds a transfer's memory, whatever the concurrency settings.
    /// </summary>
    [Range(4 * 1024 * 1024, 1024L * 1024 * 1024)]
    public long BufferBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Block size written to export manifests (at most 4 MiB, the manifest limit).</summary>
    [Range(64 * 1024, 4 * 1024 * 1024)]
    public int ExportBlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest blob-list blob read for an export selection.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxBlobListBytes { get; set; } = 32 * 1024 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BlobEndpoint.Contains("{account}", StringComparison.Ordinal)
            || !Uri.TryCreate(BlobEndpoint.Replace("{account}", "account", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("BlobEndpoint must be an http(s) URL template containing {account}.", [nameof(BlobEndpoint)]);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(5))
        {
            yield return new ValidationResult("LeaseDuration must be at least 5 seconds.", [nameof(LeaseDuration)]);
        }

        if (ProgressInterval <= TimeSpan.Zero || ProgressInterval >= LeaseDuration)
        {
            yield return new ValidationResult("ProgressInterval must be positive and shorter than LeaseDuration.", [nameof(ProgressInterval)]);
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("PollInterval must be positive.", [nameof(PollInterval)]);
        }
    }
}
