using Ferry.Core.Errors;
using Ferry.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Server.Hosting;

/// <summary>docs/architecture.md §8.5: which database failures are an outage, and the 503 every surface answers for one.</summary>
public sealed class DatabaseOutageTests
{
    [Theory]
    [InlineData(5, true)]      // SQLITE_BUSY past the busy timeout
    [InlineData(8, true)]      // SQLITE_READONLY
    [InlineData(1032, true)]   // SQLITE_READONLY_DBMOVED (extended)
    [InlineData(10, true)]     // SQLITE_IOERR
    [InlineData(778, true)]    // SQLITE_IOERR_WRITE (extended)
    [InlineData(13, true)]     // SQLITE_FULL
    [InlineData(14, true)]     // SQLITE_CANTOPEN
    [InlineData(1, false)]     // SQLITE_ERROR: no such table, a fault
    [InlineData(19, false)]    // SQLITE_CONSTRAINT: a unique-key race, a fault of its own
    [InlineData(11, false)]    // SQLITE_CORRUPT: no retry cures it
    public void A_SQLite_failure_is_an_outage_when_the_file_cannot_be_opened_written_or_locked_in_time_also_when_wrapped(int code, bool expected)
    {
        var failure = new SqliteException("SQLite said no.", code & 0xFF, code);
        Assert.Equal(expected, DatabaseFailures.IsTransient(failure));
        Assert.Equal(expected, DatabaseFailures.IsTransient(new DbUpdateException("EF Core's wrapper.", failure)));
        Assert.True(DatabaseFailures.IsSqlite(new DbUpdateException("EF Core's wrapper.", failure)));
    }

    [Fact]
    public void An_outage_answers_503_with_Retry_After_and_logs_one_Warning_per_interval_then_Debug()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var log = new CapturingLogger();
        var outage = new DatabaseOutage(time, log);
        var failure = new InvalidOperationException("wrapped", new SqliteException("attempt to write a readonly database", 8));

        var first = new DefaultHttpContext();
        var error = outage.Refuse(first, failure);
        Assert.Equal(FerryErrors.ServiceUnavailable, error.Kind);
        Assert.Equal(503, error.Status);
        Assert.Equal(DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Response.Headers.RetryAfter.ToString());

        outage.Refuse(new DefaultHttpContext(), failure);
        time.Advance(DatabaseOutage.WarningInterval - TimeSpan.FromSeconds(1));
        outage.Refuse(new DefaultHttpContext(), failure);
        time.Advance(TimeSpan.FromSeconds(1));
        outage.Refuse(new DefaultHttpContext(), failure);

        Assert.Equal([LogLevel.Warning, LogLevel.Debug, LogLevel.Debug, LogLevel.Warning], log.Levels);
        Assert.All(log.Exceptions, e => Assert.Null(e));
        Assert.Contains("attempt to write a readonly database", log.Messages[0], StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<DatabaseOutage>
    {
        public List<LogLevel> Levels { get; } = [];

        public List<string> Messages { get; } = [];

        public List<Exception?> Exceptions { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Levels.Add(logLevel);
            Messages.Add(formatter(state, exception));
            Exceptions.Add(exception);
        }
    }
}
