namespace Ferry.Core.Emulation;

/// <summary>How the emulated data centre moves jobs.</summary>
public enum EmulationProgression
{
    /// <summary>Each step as soon as it is possible.</summary>
    Immediate = 1,

    /// <summary>Each step a fixed delay after the job's previous state change.</summary>
    Delayed = 2,

    /// <summary>Only operator calls move jobs.</summary>
    Manual = 3,
}
