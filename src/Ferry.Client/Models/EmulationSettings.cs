using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The data-centre emulator's settings (the operator surface's emulation view); output only.</summary>
public sealed class EmulationSettings
{
    [JsonConstructor]
    internal EmulationSettings()
    {
    }

    /// <summary>Whether the emulator runs (<c>enabled</c>); when it does not, settings cannot be changed.</summary>
    [JsonInclude]
    public bool Enabled { get; internal set; }

    /// <summary>The folder on the server host that holds drive content (<c>driveBay</c>); <see langword="null"/> when unset.</summary>
    [JsonInclude]
    public string? DriveBay { get; internal set; }

    /// <summary>How jobs move forward (<c>progression</c>).</summary>
    [JsonInclude]
    public EmulationProgression Progression { get; internal set; }

    /// <summary>The wait between steps with <see cref="EmulationProgression.Delayed"/> (<c>stepDelay</c>); <see langword="null"/> otherwise.</summary>
    [JsonInclude]
    public TimeSpan? StepDelay { get; internal set; }

    /// <summary>How long a shipped drive may stay unreceived before it is marked never received (<c>neverReceivedAfter</c>); <see langword="null"/> when not reported.</summary>
    [JsonInclude]
    public TimeSpan? NeverReceivedAfter { get; internal set; }
}
