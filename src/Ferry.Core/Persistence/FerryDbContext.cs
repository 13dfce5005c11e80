using System.Data.Common;
using System.Text.Json;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Subscriptions;
using Ferry.Core.Transfer;
using Ferry.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ferry.Core.Persistence;

/// <summary>
/// The model, written once. Provider subclasses override only dialect details: how a unique-key violation shows,
/// and how job inserts are serialised per subscription.
/// </summary>
public abstract class FerryDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The partial index of the drives a transfer can claim (received or transferring, with content).</summary>
    public const string ClaimableDrivesIndex = "IX_drives_Claimable";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.General);

    private StoreCommands? _writeCommands;

    /// <summary>Jobs.</summary>
    public DbSet<Job> Jobs => Set<Job>();

    /// <summary>Drives.</summary>
    public DbSet<Drive> Drives => Set<Drive>();

    /// <summary>Subscriptions.</summary>
    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    /// <summary>Management certificates.</summary>
    public DbSet<ManagementCertificate> ManagementCertificates => Set<ManagementCertificate>();

    /// <summary>The audit trail (append-only).</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Registered webhooks.</summary>
    public DbSet<WebhookEndpoint> Webhooks => Set<WebhookEndpoint>();

    /// <summary>The webhook outbox.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>Transfer claims.</summary>
    public DbSet<TransferLease> TransferLeases => Set<TransferLease>();

    /// <summary>Transfer checkpoints, one per blob.</summary>
    public DbSet<TransferItem> TransferItems => Set<TransferItem>();

    /// <summary>Job write counters per subscription (List Jobs totals are cached against them).</summary>
    public DbSet<SubscriptionVersion> SubscriptionVersions => Set<SubscriptionVersion>();

    /// <summary>Leader leases of the loops that run once across all instances.</summary>
    public DbSet<LeaderLease> LeaderLeases => Set<LeaderLease>();

    /// <summary>Credentials registered for storage accounts of ARM jobs.</summary>
    public DbSet<RegisteredStorageAccount> StorageAccounts => Set<RegisteredStorageAccount>();

    /// <summary>Whether the exception is a violation of a unique index.</summary>
    public bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException is DbException inner && IsUniqueViolation(inner);

    /// <summary>Whether the provider's exception is a violation of a unique index.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// The hand-written write commands of the context's current transaction (docs/architecture.md §11.11), created at
    /// its first write and reused by every write of the transaction; a new transaction gets new ones. They hold nothing
    /// that outlives the connection's close (SQLite finalizes a connection's statements when it closes).
    /// </summary>
    internal StoreCommands WriteCommands()
    {
        var transaction = Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The job store's writes run inside a transaction.");
        if (_writeCommands?.Transaction != transaction)
        {
            _writeCommands?.Dispose();
            _writeCommands = new StoreCommands(StoreStatements.For(Model), Database.GetDbConnection(), transaction);
        }

        return _writeCommands;
    }

    /// <summary>
    /// Called inside the insert transaction before the active-job count, so that two inserts for one subscription
    /// cannot both pass the limit. SQLite needs nothing (its write transactions are exclusive).
    /// </summary>
    public virtual Task LockSubscriptionForInsertAsync(string subscriptionId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var job = modelBuilder.Entity<Job>();
        job.ToTable("jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.SubscriptionId).HasMaxLength(36);
        job.Property(j => j.ResourceGroup).HasMaxLength(90);
        job.Property(j => j.ResourceGroupKey).HasMaxLength(90);
        job.Property(j => j.StorageAccountId).HasMaxLength(400);
        job.Property(j => j.Tags).HasConversion(Json<Dictionary<string, string>>(), new ValueComparer<Dictionary<string, string>?>(
            (a, b) => a == null ? b == null : b != null && a.Count == b.Count && !a.Except(b).Any(),
            d => d == null ? 0 : d.Count, d => d == null ? null : new Dictionary<string, string>(d, StringComparer.Ordinal)));
        job.Property(j => j.EncryptionKey).HasConversion(Json<EncryptionKeySettings>());
        job.Property(j => j.Name).HasMaxLength(64);
        job.Property(j => j.NameKey).HasMaxLength(64);
        job.Property(j => j.StorageAccountName).HasMaxLength(24);
        job.Property(j => j.Location).HasMaxLength(100);
        job.Property(j => j.LastModifiedAt).IsConcurrencyToken();
        job.Property(j => j.ReturnAddress).HasConversion(Json<ReturnAddress>());
        job.Property(j => j.ReturnShipping).HasConversion(Json<ReturnShipping>());
        job.Property(j => j.DeliveryPackage).HasConversion(Json<ShippingPackage>());
        job.Property(j => j.ReturnPackage).HasConversion(Json<ShippingPackage>());
        job.Property(j => j.Export).HasConversion(Json<ExportSelection>(), new ValueComparer<ExportSelection?>(
            (a, b) => Equals(a, b), e => e == null ? 0 : e.GetHashCode(), e => e));
        job.Property(j => j.ExtraDriveIds).HasConversion(Json<List<string>>()!, new ValueComparer<List<string>>(
            (a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, v) => HashCode.Combine(h, v)), l => l.ToList()));
        job.HasIndex(j => new { j.Surface, j.SubscriptionId, j.ResourceGroupKey, j.NameKey }).IsUnique();
        job.HasIndex(j => new { j.Surface, j.SubscriptionId, j.StorageAccountName, j.NameKey });
        job.HasIndex(j => new { j.State, j.StateChangedAt });

        // The background loops' work lists (IJobStore.ListJobsInStatesAsync): the jobs in a few states, in key order.
        job.HasIndex(j => new { j.State, j.Id });

        // Covers the active-job count of every insert (docs/decisions.md D6) without visiting the table.
        job.HasIndex(j => new { j.Surface, j.SubscriptionId, j.State, j.LastTouchedAt });
        // The operator's search (docs/operator-api.md §1.1): tracking numbers by index, written by the store with every job.
        job.Property<string?>(JobStore.DeliveryTrackingKey).HasMaxLength(JobSearchQuery.MaxKeyLength);
        job.Property<string?>(JobStore.ReturnTrackingKey).HasMaxLength(JobSearchQuery.MaxKeyLength);
        job.HasIndex(JobStore.DeliveryTrackingKey);
        job.HasIndex(JobStore.ReturnTrackingKey);
        job.HasMany(j => j.Drives).WithOne().HasForeignKey(d => d.JobId).OnDelete(DeleteBehavior.Cascade);

        var drive = modelBuilder.Entity<Drive>();
        drive.ToTable("drives");
        drive.HasKey(d => d.Id);
        drive.Property(d => d.DriveId).HasMaxLength(128);
        drive.HasIndex(d => new { d.JobId, d.Ordinal });
        drive.HasIndex(d => d.State);

        // The transfer claim's work list (TransferStore.Candidates): only drives that can be copied, in claim order.
        drive.HasIndex(d => new { d.JobId, d.Ordinal }, ClaimableDrivesIndex)
            .HasFilter($"\"State\" IN ({(int)DriveState.Received}, {(int)DriveState.Transferring}) AND \"ContentPath\" IS NOT NULL");
        drive.Property<string?>(JobStore.DriveIdKey).HasMaxLength(JobSearchQuery.MaxKeyLength);
        drive.HasIndex(JobStore.DriveIdKey);

        var audit = modelBuilder.Entity<AuditEntry>();
        audit.ToTable("audit_entries");
        audit.HasKey(a => a.Id);
        audit.Ignore(a => a.IsStateChange);
        audit.Property(a => a.SubscriptionId).HasMaxLength(36);
        audit.Property(a => a.JobName).HasMaxLength(64);
        audit.HasIndex(a => new { a.JobId, a.Id });

        var webhook = modelBuilder.Entity<WebhookEndpoint>();
        webhook.ToTable("webhooks");
        webhook.HasKey(w => w.Id);
        webhook.Property(w => w.Id).HasMaxLength(32);
        webhook.Property(w => w.SubscriptionId).HasMaxLength(36);
        webhook.HasIndex(w => w.SubscriptionId);

        var delivery = modelBuilder.Entity<WebhookDelivery>();
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.WebhookId).HasMaxLength(32);
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.WebhookId, d.Id });

        var lease = modelBuilder.Entity<TransferLease>();
        lease.ToTable("transfer_leases");
        lease.HasKey(l => new { l.JobId, l.DriveId });
        lease.Property(l => l.DriveId).HasMaxLength(128);
        lease.Property(l => l.Owner).HasMaxLength(128);
        lease.HasOne<Job>().WithMany().HasForeignKey(l => l.JobId).OnDelete(DeleteBehavior.Cascade);

        var item = modelBuilder.Entity<TransferItem>();
        item.ToTable("transfer_items");
        item.HasKey(i => new { i.JobId, i.DriveId, i.Ordinal });
        item.Property(i => i.DriveId).HasMaxLength(128);
        item.HasOne<Job>().WithMany().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);

        var version = modelBuilder.Entity<SubscriptionVersion>();
        version.ToTable("subscription_versions");
        version.HasKey(v => new { v.Surface, v.SubscriptionId });
        version.Property(v => v.SubscriptionId).HasMaxLength(36);

        var leader = modelBuilder.Entity<LeaderLease>();
        leader.ToTable("leader_leases");
        leader.HasKey(l => l.Name);
        leader.Property(l => l.Name).HasMaxLength(64);
        leader.Property(l => l.Owner).HasMaxLength(128);

        var subscription = modelBuilder.Entity<Subscription>();
        subscription.ToTable("subscriptions");
        subscription.HasKey(s => s.Id);
        subscription.Property(s => s.Id).HasMaxLength(36);
        subscription.HasMany(s => s.Certificates).WithOne().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Cascade);

        var account = modelBuilder.Entity<RegisteredStorageAccount>();
        account.ToTable("storage_accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.Id).HasMaxLength(400);
        account.Property(a => a.AccountName).HasMaxLength(24);

        var certificate = modelBuilder.Entity<ManagementCertificate>();
        certificate.ToTable("management_certificates");
        certificate.HasKey(c => c.Thumbprint);
        certificate.Property(c => c.Thumbprint).HasMaxLength(40);
    }

    private static ValueConverter<T?, string?> Json<T>() where T : class =>
        new(v => v == null ? null : JsonSerializer.Serialize(v, _json), v => v == null ? null : JsonSerializer.Deserialize<T>(v, _json));

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
