using Ferry.Core.Audit;
using Ferry.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Core.Webhooks;

/// <summary>Webhooks and their outbox on EF Core, written once for every provider. The outbox rows themselves are
/// written by <see cref="JobStore"/>, in the transaction of the change they report.</summary>
public sealed class WebhookStore(IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate)
{
    /// <summary>Registers the webhook unless the subscription already has <paramref name="max"/>; returns whether it was added.</summary>
    public async Task<bool> AddAsync(WebhookEndpoint webhook, int max, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockSubscriptionForInsertAsync(webhook.SubscriptionId, cancellationToken);
        var subscriptionId = webhook.SubscriptionId;
        if (await db.Webhooks.CountAsync(w => w.SubscriptionId == subscriptionId, cancellationToken) >= max)
        {
            return false;
        }

        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The subscription's webhooks, oldest first.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().Where(w => w.SubscriptionId == subscriptionId)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The subscription's webhook with this id, or null.</summary>
    public async Task<WebhookEndpoint?> FindOrNullAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.SubscriptionId == subscriptionId && w.Id == id, cancellationToken);
    }

    /// <summary>Removes the webhook and its outbox rows; returns false when the subscription has no such webhook.</summary>
    public async Task<bool> RemoveAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.Webhooks.Where(w => w.SubscriptionId == subscriptionId && w.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 1)
        {
            await db.WebhookDeliveries.Where(d => d.WebhookId == id).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed == 1;
    }

    /// <summary>The webhook's most recent deliveries, newest first.</summary>
    public async Task<IReadOnlyList<(WebhookDelivery Delivery, AuditEntry? Event)>> ListDeliveriesAsync(string webhookId, int top, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId)
            .OrderByDescending(d => d.Id).Take(top).ToListAsync(cancellationToken);
        var events = await EventsAsync(db, deliveries, cancellationToken);
        return [.. deliveries.Select(d => (d, events.GetValueOrDefault(d.AuditEntryId)))];
    }

    /// <summary>
    /// The deliveries due at <paramref name="now"/>: per webhook only its oldest pending one, so that each webhook
    /// receives events in order. Each comes with its webhook and event.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = Pending(db);
        var headIds = Heads(pending);
        var heads = await pending
            .Where(d => headIds.Contains(d.Id) && d.NextAttemptAt <= now)
            .OrderBy(d => d.Id).Take(max).ToListAsync(cancellationToken);
        if (heads.Count == 0)
        {
            return [];
        }

        var hookIds = heads.Select(d => d.WebhookId).Distinct().ToList();
        var hooks = await db.Webhooks.AsNoTracking().Where(w => hookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var events = await EventsAsync(db, heads, cancellationToken);
        return [.. heads.Where(d => hooks.ContainsKey(d.WebhookId) && events.ContainsKey(d.AuditEntryId))
            .Select(d => new DueDelivery(d, hooks[d.WebhookId], events[d.AuditEntryId]))];
    }

    /// <summary>
    /// The earliest attempt due among the deliveries <see cref="ListDueAsync"/> may return (each webhook's oldest pending
    /// one), or null when nothing is pending. A later delivery that is due but waits behind its webhook's retry does
    /// not count: it cannot be sent before that retry.
    /// </summary>
    public async Task<DateTimeOffset?> NextAttemptOrNullAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = Pending(db);
        var headIds = Heads(pending);
        return await pending.Where(d => headIds.Contains(d.Id))
            .MinAsync(d => (DateTimeOffset?)d.NextAttemptAt, cancellationToken);
    }

    /// <summary>Writes the outcome of an attempt (status, attempts, next attempt, last answer).</summary>
    public async Task RecordAttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.WebhookDeliveries.Update(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The webhook was removed meanwhile, with its outbox: nothing left to record.
        }
    }

    private static IQueryable<WebhookDelivery> Pending(FerryDbContext db) =>
        db.WebhookDeliveries.AsNoTracking().Where(d => d.Status == WebhookDeliveryStatus.Pending);

    /// <summary>
    /// The id of each webhook's oldest pending delivery, in one pass over the pending rows. Not "no earlier pending row
    /// of the same webhook": that looked, for every pending row, through the webhook's earlier deliveries, delivered
    /// ones included (pending × delivered rows per pass), so a backlog made each delivery slower and the backlog larger.
    /// </summary>
    private static IQueryable<long> Heads(IQueryable<WebhookDelivery> pending) =>
        pending.GroupBy(d => d.WebhookId).Select(g => g.Min(d => d.Id));

    private static async Task<Dictionary<long, AuditEntry>> EventsAsync(FerryDbContext db, IEnumerable<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var ids = deliveries.Select(d => d.AuditEntryId).Distinct().ToList();
        return await db.AuditEntries.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
    }
}
