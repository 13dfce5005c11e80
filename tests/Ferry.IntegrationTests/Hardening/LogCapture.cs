using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ferry.IntegrationTests.Hardening;

/// <summary>
/// Keeps every log entry of a server at <see cref="LogLevel.Warning"/> or above, and every entry that carries an exception:
/// what a client's bad input must never cause (it may log at most one Information or Debug line, without a stack trace).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The entries kept so far: level, category, message and the exception's type and message.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Forgets what was kept so far (e.g. the start-up's development-credential warnings).</summary>
    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning || exception is not null)
            {
                owner._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }
    }
}
