namespace Ferry.Client.Models;

/// <summary>How the emulator moves jobs forward.</summary>
public enum EmulationProgression
{
    /// <summary>Every step is taken at once.</summary>
    Immediate,

    /// <summary>Each step waits the step delay.</summary>
    Delayed,

    /// <summary>Nothing moves until an operator acts.</summary>
    Manual,
}
