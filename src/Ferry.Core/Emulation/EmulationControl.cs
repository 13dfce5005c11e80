using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Emulation;

/// <summary>The emulator's runtime settings: the progression operators change while the server runs (kept in memory).</summary>
public sealed class EmulationControl(IOptions<EmulationOptions> options, JobChangeSignal signal)
{
    private readonly Lock _lock = new();
    private EmulationProgression _progression = options.Value.Progression;
    private TimeSpan _stepDelay = options.Value.StepDelay;

    /// <summary>Whether emulation is on (configuration only).</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>The configured settings.</summary>
    public EmulationOptions Options => options.Value;

    /// <summary>The current progression and step delay.</summary>
    public (EmulationProgression Progression, TimeSpan StepDelay) Current
    {
        get
        {
            lock (_lock)
            {
                return (_progression, _stepDelay);
            }
        }
    }

    /// <summary>Changes the progression (and, for Delayed, the delay) and wakes the emulator.</summary>
    /// <returns>Nothing; 400 for an unknown progression or a delay out of range; 409 when emulation is off.</returns>
    public Result<bool> Set(EmulationProgression progression, TimeSpan? stepDelay)
    {
        if (!Enabled)
        {
            return FerryErrors.StateConflict("Emulation is not enabled on this server (Ferry:Emulation:Enabled).");
        }

        if (!Enum.IsDefined(progression))
        {
            return FerryErrors.Invalid("progression", "The progression must be Immediate, Delayed or Manual.");
        }

        if (stepDelay is { } delay && (progression != EmulationProgression.Delayed || delay < TimeSpan.Zero || delay > EmulationOptions.MaxStepDelay))
        {
            return FerryErrors.Invalid("stepDelay", "A step delay goes only with the Delayed progression, between 0 and 1 day.");
        }

        lock (_lock)
        {
            _progression = progression;
            _stepDelay = stepDelay ?? _stepDelay;
        }

        signal.Notify();
        return true;
    }
}
