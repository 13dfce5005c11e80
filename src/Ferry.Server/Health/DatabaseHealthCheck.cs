using System.Data.Common;
using System.Globalization;
using Ferry.Core.Persistence;
using Ferry.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ferry.Server.Health;

/// <summary>
/// Readiness of the database (docs/operator-api.md §4): a connection opens, the applied migrations are exactly this
/// build's (a schema behind or ahead is not ready), and on SQLite the file takes a write (the schema cookie
/// <c>user_version</c> written back unchanged, under the store's write gate), which a read-only or full file refuses.
/// </summary>
internal sealed class DatabaseHealthCheck(
    IDbContextFactory<FerryDbContext> contexts,
    IServiceProvider services,
    DatabaseHealthCheck.Settings settings,
    DatabaseOutage outage,
    TimeProvider time) : IHealthCheck
{
    private string Name => settings.Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        FerryHealth.WithTimeoutAsync(time, $"The {Name} database", CheckAsync, cancellationToken);

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var known = db.Database.GetMigrations().ToList();
            if (!applied.SequenceEqual(known, StringComparer.Ordinal))
            {
                var pending = known.Except(applied, StringComparer.Ordinal).Count();
                var unknown = applied.Except(known, StringComparer.Ordinal).Count();
                return HealthCheckResult.Unhealthy(
                    $"The {Name} database is not at this build's schema: {pending} migration(s) of this build are not applied, {unknown} applied migration(s) are unknown to it.");
            }

            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await ProbeWriteAsync(db, cancellationToken);
            }

            return HealthCheckResult.Healthy(settings.Provider == DatabaseProvider.Sqlite
                ? $"The SQLite database answers and takes writes, at this build's schema ({known.Count} migrations)."
                : $"The PostgreSQL database answers, at this build's schema ({known.Count} migrations).");
        }
        catch (Exception e) when (e is not OperationCanceledException && (DatabaseFailures.IsTransient(e) || e is DbException))
        {
            outage.Observed(e, "the readiness check");
            return HealthCheckResult.Unhealthy($"The {Name} database is unavailable: {e.GetBaseException().Message}");
        }
    }

    /// <summary>Writes the schema cookie back unchanged: a real write transaction that changes nothing.</summary>
    private async Task ProbeWriteAsync(FerryDbContext db, CancellationToken cancellationToken)
    {
        var gate = services.GetService<IStoreWriteGate>() ?? IStoreWriteGate.Open;
        using var entered = await gate.EnterAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
#pragma warning disable CA2100 // An integer read from the database itself; a pragma takes no parameters.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}");
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Which provider the store uses.</summary>
    internal sealed record Settings(DatabaseProvider Provider);
}
