using System.Globalization;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Persistence;

/// <summary>The audit trail, the webhook outbox fan-out, and the reads of the background loops.</summary>
public sealed partial class JobStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Where(a => a.JobId == jobId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long?> FindLatestAuditedJobIdOrNullAsync(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Job names are ASCII (docs/decisions.md D15), so the database's upper() matches the upper-invariant name key; a comparison
        // overload (CA1862) does not translate to SQL.
#pragma warning disable CA1862
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.Surface == surface && a.SubscriptionId == subscriptionId && a.ResourceGroup.ToUpper() == resourceGroupKey && a.JobName.ToUpper() == nameKey)
            .MaxAsync(a => (long?)a.JobId, cancellationToken);
#pragma warning restore CA1862
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Job>> ListJobsInStatesAsync(IReadOnlyCollection<JobState> states, long afterId, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = states.ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => wanted.Contains(j.State) && j.Id > afterId)
            .OrderBy(j => j.Id).Take(max).ToListAsync(cancellationToken);
        var ids = jobs.Select(j => j.Id).ToList();
        var drives = await db.Drives.AsNoTracking().Where(d => ids.Contains(d.JobId)).OrderBy(d => d.Ordinal).ToListAsync(cancellationToken);
        var byJob = drives.ToLookup(d => d.JobId);
        foreach (var job in jobs)
        {
            job.Drives.AddRange(byJob[job.Id]);
        }

        return jobs;
    }

    /// <summary>Appends the entries of one job's change, once the job has its store key.</summary>
    private static Task<bool> AppendAuditAsync(FerryDbContext db, Job job, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        foreach (var entry in audit)
        {
            entry.JobId = job.Id;
        }

        return AppendAuditAsync(db, audit, cancellationToken);
    }

    /// <summary>
    /// Appends the entries (inside the caller's transaction) and, for each state change, one outbox row per webhook
    /// of the entry's subscription: the change and its notification commit together or not at all. One round trip
    /// for the webhooks, however many jobs the entries cover. Returns whether it queued a delivery.
    /// </summary>
    private static async Task<bool> AppendAuditAsync(FerryDbContext db, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        if (audit.Count == 0)
        {
            return false;
        }

        var commands = db.WriteCommands();
        var insert = commands.Command(commands.Statements.Audit.InsertSql, 0);
        foreach (var entry in audit)
        {
            commands.Statements.Audit.BindInsert(insert, entry);
            entry.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var changes = audit.Where(a => a.IsStateChange).ToList();
        if (changes.Count == 0)
        {
            return false;
        }

        var subscriptions = changes.Select(a => a.SubscriptionId).Distinct().ToList();
        var webhooks = subscriptions.Count == 1
            ? (await WebhooksOfAsync(commands, subscriptions[0], cancellationToken)).ToLookup(_ => subscriptions[0], id => id)
            : (await db.Webhooks.AsNoTracking().Where(w => subscriptions.Contains(w.SubscriptionId))
                .Select(w => new { w.Id, w.SubscriptionId }).ToListAsync(cancellationToken)).ToLookup(w => w.SubscriptionId, w => w.Id);
        if (webhooks.Count == 0)
        {
            return false;
        }

        var queued = false;
        foreach (var entry in changes)
        {
            var eventId = Guid.NewGuid().ToString("N");
            foreach (var webhook in webhooks[entry.SubscriptionId])
            {
                queued = true;
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    WebhookId = webhook,
                    SubscriptionId = entry.SubscriptionId,
                    AuditEntryId = entry.Id,
                    EventId = eventId,
                    Status = WebhookDeliveryStatus.Pending,
                    NextAttemptAt = entry.At,
                    CreatedAt = entry.At,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    /// <summary>The webhooks of one subscription (what every state change reads).</summary>
    private static async Task<List<string>> WebhooksOfAsync(StoreCommands commands, string subscriptionId, CancellationToken cancellationToken)
    {
        var read = commands.Command(commands.Statements.WebhooksOf, 1);
        read.Parameters[0].Value = subscriptionId;
        var ids = new List<string>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Deletes the matching jobs and their drives, recording one entry per job (state → none).</summary>
    private static async Task<int> DeleteWithAuditAsync(
        FerryDbContext db, IQueryable<Job> jobs, Actor actor, AuditAction action, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var doomed = await jobs.AsNoTracking().ToListAsync(cancellationToken);
        if (doomed.Count == 0)
        {
            return 0;
        }

        var ids = doomed.Select(j => j.Id).ToList();
        await db.Drives.Where(d => ids.Contains(d.JobId)).ExecuteDeleteAsync(cancellationToken);
        await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var subscription in doomed.GroupBy(j => (j.Surface, j.SubscriptionId)).OrderBy(g => g.Key))
        {
            var active = subscription.Count(j => JobTransitions.IsActive(j.State));
            await BumpVersionAsync(db.WriteCommands(), subscription.Key.Surface, subscription.Key.SubscriptionId, -active, cancellationToken);
        }

        await AppendAuditAsync(db, [.. doomed.Select(job => JobChangeLog.Deleted(job, actor, action, reason, now))], cancellationToken);

        return doomed.Count;
    }
}
