using Ferry.Core.Emulation;

namespace Ferry.Server.Operator;

/// <summary>Log messages of the operator surface.</summary>
internal static partial class OperatorLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Emulation progression set to {Progression} (step delay {StepDelay}) by an operator")]
    public static partial void EmulationChanged(ILogger logger, EmulationProgression progression, TimeSpan stepDelay);
}
