using Azure.Core.Pipeline;

namespace Ferry.Cli;

/// <summary>
/// What the API commands take from their surroundings: the output streams, whether the output is a terminal (live
/// progress) or a pipe (plain lines), environment variables, and, for tests only, the HTTP transport of the clients.
/// </summary>
internal sealed record CliEnvironment(TextWriter Output, TextWriter Error, bool Interactive)
{
    /// <summary>Reads an environment variable; tests replace it instead of changing the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The transport every client uses; <see langword="null"/> for the real network.</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Standard input (a secret given as <c>-</c> is read from it); tests pass their own.</summary>
    public TextReader Input { get; init; } = Console.In;

    /// <summary>The clock of waits and polls.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
