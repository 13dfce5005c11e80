using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Workers;

/// <summary>
/// Settings shared by the background loops of a worker instance (section <c>Ferry:Workers</c>).
/// To add a setting: the property with its default here, its check in <see cref="Validate"/>, its default in
/// <c>appsettings.json</c>, and its line in the README's configuration reference.
/// </summary>
public sealed class WorkerOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Workers";

    /// <summary>
    /// How long a leader lease lasts without renewal. The leader renews it when less than half is left; the other
    /// instances look every half lease, so one takes a loop over within half a lease after a graceful stop (the lease is
    /// given up) and within one and a half leases after its leader died. A pass should take less than half of it.
    /// </summary>
    public TimeSpan LeaderLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaderLeaseDuration < TimeSpan.FromSeconds(2) || LeaderLeaseDuration > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("LeaderLeaseDuration must be between 2 seconds and 1 hour.", [nameof(LeaderLeaseDuration)]);
        }
    }
}
