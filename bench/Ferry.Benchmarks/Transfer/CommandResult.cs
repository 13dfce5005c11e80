namespace Ferry.Benchmarks.Transfer;

/// <summary>What a finished command did: exit code, wall time, the CPU it and its children used (null when unknown), and its output.</summary>
internal sealed record CommandResult(int ExitCode, TimeSpan Elapsed, TimeSpan? Cpu, string Output, string Error)
{
    /// <summary>The last lines of standard error, for failure reports.</summary>
    public string ErrorTail => string.Join('\n', Error.Split('\n').TakeLast(20));
}
