namespace Ferry.Cli.Commands;

/// <summary>A failure the CLI reports in one line and turns into an exit code (a usage error unless told otherwise).</summary>
internal sealed class CliException(string message, int exitCode = FerryCli.UsageError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
