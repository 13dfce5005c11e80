using System.Globalization;
using Ferry.Core.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;

namespace Ferry.Server.Hosting;

/// <summary>
/// The answer of every surface while the database is unreachable or cannot be written (docs/architecture.md §8.5):
/// <see cref="FerryErrors.ServiceUnavailable"/> (503) with <c>Retry-After</c>, rendered by the surface in its own
/// envelope. One Warning (no stack trace) opens an outage; further failures within <see cref="WarningInterval"/> log at
/// Debug, so a client retrying in a loop does not flood the log.
/// </summary>
internal sealed partial class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger)
{
    /// <summary>The <c>Retry-After</c> of a 503, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>At most one Warning per interval; the failures in between log at Debug.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    /// <summary>The 503 to answer for <paramref name="failure"/> (a transient database failure); sets <c>Retry-After</c> on the response.</summary>
    public FerryError Refuse(HttpContext http, Exception failure)
    {
        http.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        Observed(failure, http.Request.Method + " " + http.Request.Path.Value);
        return new FerryError(FerryErrors.ServiceUnavailable, "The database is unavailable; nothing was changed. Retry the request later.");
    }

    /// <summary>Logs <paramref name="failure"/> (throttled) and drops pooled SQLite connections that may have opened the file read-only.</summary>
    public void Observed(Exception failure, string where)
    {
        if (DatabaseFailures.IsSqlite(failure))
        {
            // A pooled connection opened while the file could not be written stays read-only: open fresh ones.
            SqliteConnection.ClearAllPools();
        }

        var now = time.GetUtcNow();
        bool warn;
        lock (_gate)
        {
            warn = now - _lastWarning >= WarningInterval;
            if (warn)
            {
                _lastWarning = now;
            }
        }

        var reason = $"{failure.GetType().Name}: {Innermost(failure).Message}";
        if (warn)
        {
            LogOutage(where, reason, RetryAfterSeconds);
        }
        else
        {
            LogOutageRepeated(where, reason);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable ({Reason}); {Where} answered 503 with Retry-After {RetryAfter} s. Further failures in the next 30 s log at Debug.")]
    private partial void LogOutage(string where, string reason, int retryAfter);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The database is still unavailable ({Reason}); {Where} answered 503.")]
    private partial void LogOutageRepeated(string where, string reason);
}
