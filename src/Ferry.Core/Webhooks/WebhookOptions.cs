using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Webhooks;

/// <summary>
/// Webhook registration limits and delivery timing (section <c>Ferry:Webhooks</c>).
/// To add a setting: add the property with its default and a validation attribute here, its default in
/// <c>appsettings.json</c>, and its line in the README's configuration reference.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Webhooks";

    /// <summary>Webhooks one subscription may register.</summary>
    [Range(1, 1000)]
    public int MaxPerSubscription { get; set; } = 10;

    /// <summary>How long a receiver has to answer one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is given up (Failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The back-off of docs/operator-api.md §3: 5 s, 30 s, 2 min, 10 min, 30 min, then hourly.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays => _defaultRetryDelays;

    private static readonly TimeSpan[] _defaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];

    /// <summary>
    /// The wait after the first, second, … failed attempt; the last value repeats. Empty (the default) means
    /// <see cref="DefaultRetryDelays"/>: the configuration binder appends to a list that already has items, so a
    /// pre-filled default would be extended by a configured schedule instead of replaced.
    /// </summary>
    public IList<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>
    /// Whether webhooks may target loopback, private, shared, link-local and unique-local addresses (a development
    /// setting: a receiver on the same machine or network). Cloud instance-metadata addresses stay refused unless
    /// <see cref="AllowedHosts"/> names them. Default false (docs/architecture.md §8.4).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Host names, IP addresses and CIDR ranges webhooks may target even when the address is not public (e.g. an
    /// in-house receiver on <c>10.20.0.0/16</c>). A host name matches the URL's host exactly, whatever it resolves to.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>How often the outbox is looked at when nothing wakes the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay before attempt number <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failures.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        IList<TimeSpan> delays = RetryDelays.Count > 0 ? RetryDelays : _defaultRetryDelays;
        return delays[Math.Clamp(attempts - 1, 0, delays.Count - 1)];
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Timeout must be between 0 and 5 minutes.", [nameof(Timeout)]);
        }

        if (RetryDelays.Any(d => d < TimeSpan.Zero))
        {
            yield return new ValidationResult("RetryDelays must not be negative.", [nameof(RetryDelays)]);
        }

        foreach (var entry in AllowedHosts)
        {
            if (WebhookAllowList.ProblemOrNull(entry) is { } problem)
            {
                yield return new ValidationResult(problem, [nameof(AllowedHosts)]);
            }
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("PollInterval must be positive.", [nameof(PollInterval)]);
        }
    }
}
