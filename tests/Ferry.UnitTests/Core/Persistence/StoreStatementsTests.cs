using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// The job store's hand-written write statements (docs/architecture.md §11.11) against EF Core's own reading of the same
/// rows: every mapped column of a job, its drives and its audit entries, each set to a value that is not its default,
/// is stored by an insert and by an update exactly as EF Core reads it back, on both backends. A column added to the
/// model without a value here fails the test before it can be written wrong.
/// </summary>
public sealed class StoreStatementsTests
{
    private static readonly DateTimeOffset _at = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Every_column_of_a_job_its_drives_and_its_audit_entry_is_stored_as_EF_Core_reads_it_on_insert_and_on_update(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var (store, contexts, model) = await OpenAsync(engine);
        var job = Sample<Job>(model, variant: 1);
        job.Drives = [Sample<Drive>(model, variant: 1, ordinal: 0), Sample<Drive>(model, variant: 2, ordinal: 1)];
        var entry = Sample<AuditEntry>(model, variant: 1);
        var cutoffs = new ExpiryCutoffs(_at.AddYears(-10), _at.AddYears(-10));

        Assert.Equal(InsertOutcome.Inserted, await store.InsertJobAsync(job, maxActiveJobs: 100, cutoffs, [entry], Ct));
        Assert.NotEqual(0, job.Id);
        Assert.All(job.Drives, d => Assert.Equal(job.Id, d.JobId));
        Assert.NotEqual(0, entry.Id);
        await AssertStoredAsync(contexts, model, job, [entry]);
        await AssertReadAsStoredAsync(store, contexts, model, job);

        // An update overwrites every column with other values, keeps the first drive, drops the second and adds a third.
        var changed = Sample<Job>(model, variant: 2);
        changed.Id = job.Id;
        var kept = Sample<Drive>(model, variant: 3, ordinal: 0);
        kept.Id = job.Drives[0].Id;
        changed.Drives = [kept, Sample<Drive>(model, variant: 4, ordinal: 2)];
        var second = Sample<AuditEntry>(model, variant: 2);
        Assert.True(await store.UpdateJobAsync(changed, expectedLastModified: job.LastModifiedAt, [second], Ct));
        Assert.Equal(kept.Id, changed.Drives[0].Id);
        Assert.NotEqual(0, changed.Drives[1].Id);
        await AssertStoredAsync(contexts, model, changed, [entry, second]);
        await AssertReadAsStoredAsync(store, contexts, model, changed);

        // A write against a version that is no longer stored changes nothing.
        Assert.False(await store.UpdateJobAsync(Sample<Job>(model, variant: 3, id: job.Id), expectedLastModified: job.LastModifiedAt, [], Ct));
        Assert.False(await store.DeleteJobAsync(changed, expectedLastModified: job.LastModifiedAt, [], Ct));
        await AssertStoredAsync(contexts, model, changed, [entry, second]);

        Assert.True(await store.DeleteJobAsync(changed, expectedLastModified: changed.LastModifiedAt, [], Ct));
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            Assert.False(await db.Jobs.AnyAsync(j => j.Id == job.Id, Ct));
            Assert.False(await db.Drives.AnyAsync(d => d.JobId == job.Id, Ct));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task An_update_that_leaves_indexed_columns_out_of_its_SET_list_stores_every_column_as_read(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var (store, contexts, model) = await OpenAsync(engine);
        var job = Sample<Job>(model, variant: 1);
        job.Drives = [Sample<Drive>(model, variant: 1, ordinal: 0), Sample<Drive>(model, variant: 2, ordinal: 1)];
        var cutoffs = new ExpiryCutoffs(_at.AddYears(-10), _at.AddYears(-10));
        Assert.Equal(InsertOutcome.Inserted, await store.InsertJobAsync(job, maxActiveJobs: 100, cutoffs, [], Ct));

        // Only columns no index holds: the job's indexed columns and both drives' are left out of the SET lists.
        var previous = job.LastModifiedAt;
        job.Description = "changed, not indexed";
        job.LastModifiedAt = previous.AddSeconds(1);
        job.Drives[0].BytesSucceeded += 7;
        Assert.True(await store.UpdateJobAsync(job, previous, [], Ct));
        await AssertStoredAsync(contexts, model, job, []);

        // Indexed columns change: the state (three indexes), a tracking number (its search key), a drive's state and
        // content path (the claimable drives' filtered index) and its drive id (its search key); the second drive is dropped.
        previous = job.LastModifiedAt;
        job.State = job.State == JobState.Shipping ? JobState.Received : JobState.Shipping;
        job.StateChangedAt = job.StateChangedAt.AddMinutes(5);
        job.DeliveryPackage = job.DeliveryPackage! with { TrackingNumber = "TRACK-NEW-1" };
        job.LastModifiedAt = previous.AddSeconds(1);
        job.Drives[0].State = job.Drives[0].State == DriveState.Received ? DriveState.Transferring : DriveState.Received;
        job.Drives[0].ContentPath = job.Drives[0].ContentPath is null ? "/content/new" : null;
        job.Drives[0].DriveId = "NEWDRIVE01";
        job.Drives.RemoveAt(1);
        Assert.True(await store.UpdateJobAsync(job, previous, [], Ct));
        await AssertStoredAsync(contexts, model, job, []);
        await AssertReadAsStoredAsync(store, contexts, model, job);
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            // Found through the indexes that changed, and no longer through the values they held.
            Assert.Equal(job.Id, await db.Jobs.Where(j => EF.Property<string?>(j, "DeliveryTrackingKey") == JobSearchQuery.SearchKey("TRACK-NEW-1")).Select(j => j.Id).SingleAsync(Ct));
            Assert.Equal(job.Id, await db.Jobs.Where(j => j.State == job.State && j.StateChangedAt == job.StateChangedAt).Select(j => j.Id).SingleAsync(Ct));
            Assert.Equal(job.Drives[0].Id, await db.Drives.Where(d => EF.Property<string?>(d, "DriveIdKey") == JobSearchQuery.SearchKey("NEWDRIVE01")).Select(d => d.Id).SingleAsync(Ct));
            Assert.Equal(1, await db.Drives.CountAsync(d => d.JobId == job.Id, Ct));
        }
    }

    [Fact]
    public async Task An_update_statement_leaves_out_exactly_the_indexed_columns_it_is_told_are_unchanged()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var (_, _, model) = await OpenAsync(engine);
        var jobs = StoreStatements.For(model).Jobs;

        Assert.Contains("\"State\"", jobs.IndexedColumns);
        Assert.Contains("\"DeliveryTrackingKey\"", jobs.IndexedColumns);
        Assert.DoesNotContain("\"Description\"", jobs.IndexedColumns);
        Assert.All(jobs.IndexedColumns, c => Assert.Contains(c + " = @p", jobs.UpdateOmitting(0).Sql, StringComparison.Ordinal));

        var state = jobs.IndexedColumns.ToList().IndexOf("\"State\"");
        var all = (1UL << jobs.IndexedColumns.Count) - 1;
        var withoutState = jobs.UpdateOmitting(all & ~(1UL << state)).Sql;
        Assert.Contains("\"State\" = @p", withoutState, StringComparison.Ordinal);
        Assert.Contains("\"Description\" = @p", withoutState, StringComparison.Ordinal);
        Assert.All(jobs.IndexedColumns.Where(c => c != "\"State\""), c => Assert.DoesNotContain(c + " = @p", withoutState, StringComparison.Ordinal));

        // The drives' filtered index names State and ContentPath in its filter: both count as indexed.
        var drives = StoreStatements.For(model).Drives;
        Assert.Contains("\"ContentPath\"", drives.IndexedColumns);
        Assert.Contains("\"State\"", drives.IndexedColumns);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "ABC", false)]
    [InlineData(5L, 5, true)]
    [InlineData(5L, 6, false)]
    [InlineData(null, null, true)]
    [InlineData(null, "x", false)]
    [InlineData("1", 1, false)]
    [InlineData(1L, true, false)]
    [InlineData(1.5, 1.5, true)]
    public void A_stored_value_counts_as_unchanged_only_when_certainly_equal(object? stored, object? value, bool same) =>
        Assert.Equal(same, RowTable<Job>.SameValue(stored, value));

    /// <summary>The engine's store, its context factory and the model both backends share.</summary>
    private static async Task<(IJobStore Store, IDbContextFactory<FerryDbContext> Contexts, IModel Model)> OpenAsync(StoreEngine engine)
    {
        var contexts = engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(Ct);
        return (engine.Services.GetRequiredService<IJobStore>(), contexts, db.Model);
    }

    private static async Task AssertStoredAsync(IDbContextFactory<FerryDbContext> contexts, IModel model, Job expected, IReadOnlyList<AuditEntry> audit)
    {
        await using var db = await contexts.CreateDbContextAsync(Ct);
        var stored = await db.Jobs.AsNoTracking().Include(j => j.Drives.OrderBy(d => d.Ordinal)).SingleAsync(j => j.Id == expected.Id, Ct);
        AssertColumns(model, expected, stored);
        Assert.Equal(expected.Drives.Count, stored.Drives.Count);
        foreach (var (want, got) in expected.Drives.OrderBy(d => d.Ordinal).Zip(stored.Drives))
        {
            Assert.Equal(want.Id, got.Id);
            AssertColumns(model, want, got);
        }

        // The search keys the store writes beside the job (shadow columns) are those of the stored values.
        var keys = await db.Jobs.Where(j => j.Id == expected.Id)
            .Select(j => new { Delivery = EF.Property<string?>(j, "DeliveryTrackingKey"), Return = EF.Property<string?>(j, "ReturnTrackingKey") }).SingleAsync(Ct);
        Assert.Equal(JobSearchQuery.SearchKey(expected.DeliveryPackage?.TrackingNumber), keys.Delivery);
        Assert.Equal(JobSearchQuery.SearchKey(expected.ReturnPackage?.TrackingNumber), keys.Return);
        var driveKeys = await db.Drives.Where(d => d.JobId == expected.Id).OrderBy(d => d.Ordinal).Select(d => EF.Property<string?>(d, "DriveIdKey")).ToListAsync(Ct);
        Assert.Equal(expected.Drives.OrderBy(d => d.Ordinal).Select(d => JobSearchQuery.SearchKey(d.DriveId)), driveKeys);

        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.JobId == expected.Id).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(audit.Select(a => a.Id), entries.Select(a => a.Id));
        foreach (var (want, got) in audit.Zip(entries))
        {
            AssertColumns(model, want, got);
        }
    }

    /// <summary>
    /// The store's own read of the job (on SQLite, the snapshot the write put in the job cache) against EF Core's read
    /// of the rows: the write-through snapshot is what the database holds.
    /// </summary>
    private static async Task AssertReadAsStoredAsync(IJobStore store, IDbContextFactory<FerryDbContext> contexts, IModel model, Job written)
    {
        var read = await store.FindJobOrNullAsync(written.Surface, written.SubscriptionId, written.ResourceGroupKey, written.NameKey, Ct);
        await using var db = await contexts.CreateDbContextAsync(Ct);
        var stored = await db.Jobs.AsNoTracking().Include(j => j.Drives.OrderBy(d => d.Ordinal)).SingleAsync(j => j.Id == written.Id, Ct);
        Assert.NotNull(read);
        AssertColumns(model, stored, read);
        Assert.Equal(stored.Id, read.Id);
        Assert.Equal(stored.Drives.Select(d => d.Id), read.Drives.Select(d => d.Id));
        foreach (var (want, got) in stored.Drives.Zip(read.Drives))
        {
            AssertColumns(model, want, got);
        }
    }

    /// <summary>Every mapped column of the row, compared as the database stores it (after the value converters).</summary>
    private static void AssertColumns<T>(IModel model, T expected, T stored) where T : class
    {
        foreach (var property in model.FindEntityType(typeof(T))!.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            Assert.True(Equals(Stored(property, expected), Stored(property, stored)),
                $"{typeof(T).Name}.{property.Name}: wrote {Stored(property, expected)}, read back {Stored(property, stored)}");
        }
    }

    private static object? Stored(IProperty property, object row) =>
        property.PropertyInfo!.GetValue(row) is { } value ? property.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value : null;

    /// <summary>
    /// A row whose every mapped CLR column holds a value other than its type's default (and other than another variant's),
    /// within the column's length. A property type this does not know fails the test: a new column needs a sample here.
    /// </summary>
    private static T Sample<T>(IModel model, int variant, int ordinal = 0, long id = 0) where T : class, new()
    {
        var row = new T();
        var index = 0;
        foreach (var property in model.FindEntityType(typeof(T))!.GetProperties().Where(p => !p.IsShadowProperty() && !p.IsPrimaryKey()))
        {
            index++;
            var info = property.PropertyInfo!;
            var type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
            var text = $"{variant}{property.Name}";
            if (property.GetMaxLength() is { } max && text.Length > max)
            {
                text = text[..max];
            }

            object value = type switch
            {
                _ when property.Name == nameof(Drive.Ordinal) => ordinal,
                _ when property.Name is nameof(Drive.JobId) => 0L, // Set by the store.
                _ when type == typeof(string) => text,
                _ when type.IsEnum => Enum.GetValues(type).GetValue(variant % Enum.GetValues(type).Length)!,
                _ when type == typeof(int) => (variant * 100) + index,
                _ when type == typeof(long) => (variant * 1_000_000_000_000L) + index,
                _ when type == typeof(bool) => variant % 2 == 1,
                _ when type == typeof(DateTimeOffset) => _at.AddDays(variant).AddTicks(index),
                _ when type == typeof(Dictionary<string, string>) => new Dictionary<string, string>(StringComparer.Ordinal) { [$"k{variant}"] = $"v{variant}" },
                _ when type == typeof(List<string>) => new List<string> { $"EXTRA{variant}", $"EXTRA{variant}B" },
                _ when type == typeof(EncryptionKeySettings) => new EncryptionKeySettings($"Kek{variant}", $"https://vault{variant}.example/keys/k", $"/vaults/v{variant}"),
                _ when type == typeof(ReturnAddress) => new ReturnAddress($"Name{variant}", $"Address{variant}", $"Phone{variant}", $"e{variant}@example.com") { City = $"City{variant}", PostalCode = $"{variant}0000" },
                _ when type == typeof(ReturnShipping) => new ReturnShipping($"Carrier{variant}", $"ACC{variant}"),
                _ when type == typeof(ShippingPackage) => new ShippingPackage($"Carrier{variant}", $"TRACK-{variant}-{index}", variant + 1, $"2026-0{variant}-01"),
                _ when type == typeof(ExportSelection) => new ExportSelection([$"/c{variant}/a"], [$"/c{variant}/p"], null),
                _ => throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} ({type.Name}) has no sample value: add one."),
            };
            info.SetValue(row, value);
        }

        if (id != 0)
        {
            typeof(T).GetProperty("Id")!.SetValue(row, id);
        }

        return row;
    }
}
