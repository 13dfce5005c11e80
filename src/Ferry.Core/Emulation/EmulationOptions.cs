using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Emulation;

/// <summary>
/// The emulated data centre (section <c>Ferry:Emulation</c>), off unless <see cref="Enabled"/>.
/// To add a setting: add the property with its default and a validation attribute here, its default in
/// <c>appsettings.json</c>, and its line in the README's configuration reference.
/// </summary>
public sealed class EmulationOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Emulation";

    /// <summary>Whether the server plays the data centre by itself.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The drive bay: an import drive is "in the package" when the folder <c>&lt;DriveBay&gt;/&lt;DriveId&gt;</c> exists; an
    /// export job's drives are the subfolders of <c>&lt;DriveBay&gt;/&lt;JobName&gt;</c>. Relative paths are resolved
    /// against the data directory by the host.
    /// </summary>
    public string DriveBay { get; set; } = "drive-bay";

    /// <summary>The progression at start; operators change it at runtime.</summary>
    public EmulationProgression Progression { get; set; } = EmulationProgression.Immediate;

    /// <summary>The delay between steps in <see cref="EmulationProgression.Delayed"/> mode.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after Shipping an import drive without a folder in the bay becomes NeverReceived.</summary>
    public TimeSpan NeverReceivedAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the bay is looked at again when nothing else wakes the emulator.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest accepted <see cref="StepDelay"/>.</summary>
    public static TimeSpan MaxStepDelay { get; } = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Progression))
        {
            yield return new ValidationResult("Progression must be Immediate, Delayed or Manual.", [nameof(Progression)]);
        }

        if (StepDelay < TimeSpan.Zero || StepDelay > MaxStepDelay)
        {
            yield return new ValidationResult("StepDelay must be between 0 and 1 day.", [nameof(StepDelay)]);
        }

        if (NeverReceivedAfter < TimeSpan.Zero)
        {
            yield return new ValidationResult("NeverReceivedAfter cannot be negative.", [nameof(NeverReceivedAfter)]);
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("PollInterval must be positive.", [nameof(PollInterval)]);
        }

        if (Enabled && string.IsNullOrWhiteSpace(DriveBay))
        {
            yield return new ValidationResult("DriveBay is required when emulation is enabled.", [nameof(DriveBay)]);
        }
    }
}
