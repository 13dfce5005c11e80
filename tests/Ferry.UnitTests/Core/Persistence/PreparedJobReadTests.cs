using System.Text.Json;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// The SQLite store's prepared Get Job read (docs/architecture.md §11.9): it reads every column EF Core maps, through the
/// model's converters, exactly as EF Core reads it; drives in their order; it sees every write at once; and it runs
/// concurrently on connections of its own.
/// </summary>
public sealed class PreparedJobReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_prepared_read_returns_what_EF_Core_reads_for_a_job_whose_every_property_is_set()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var rows = engine.Services.GetRequiredService<IJobRowReader>();
        var contexts = engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>();
        var job = EveryPropertySet();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(Ct);
        }

        Job expected;
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            expected = await db.Jobs.AsNoTracking().Include(j => j.Drives.OrderBy(d => d.Ordinal)).SingleAsync(Ct);
        }

        var read = rows.Read(job.Surface, job.SubscriptionId, job.ResourceGroupKey, job.NameKey);

        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(read));
        Assert.Equal(["D-0", "D-1", "D-2"], read.Drives.Select(d => d.DriveId));
        Assert.Equal(job.CreatedAt, read.CreatedAt);
        Assert.Equal(job.Tags, read.Tags);
        Assert.Null(rows.Read(job.Surface, job.SubscriptionId, job.ResourceGroupKey, "other"));
        Assert.Null(rows.Read(ApiSurface.Arm, job.SubscriptionId, job.ResourceGroupKey, job.NameKey));
    }

    [Fact]
    public async Task The_store_reads_through_it_sees_every_write_and_serves_concurrent_readers()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var store = engine.Services.GetRequiredService<IJobStore>();
        Ok(await engine.Jobs.PutAsync(Key("one"), JobCondition.None, Parsed(Import(drives: 3)), Ct));
        Ok(await engine.Jobs.PutAsync(Key("none"), JobCondition.None, Parsed(Export()), Ct));

        // More readers at once than the connections kept idle: each read has a connection of its own.
        var reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(
            () => store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", Key(i % 2 == 0 ? "one" : "none").NameKey, Ct), Ct)));
        Assert.All(reads.Where((_, i) => i % 2 == 0), j => Assert.Equal(["DRIVE0000", "DRIVE0001", "DRIVE0002"], j!.Drives.Select(d => d.DriveId)));
        Assert.All(reads.Where((_, i) => i % 2 == 1), j => Assert.Empty(j!.Drives));

        Ok(await engine.Jobs.UpdateAsync(Key("one"), JobCondition.None, Parsed(new JobUpdate { Description = "changed" }), Ct));
        Assert.Equal("changed", (await store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", Key("one").NameKey, Ct))?.Description);
        Ok(await engine.Jobs.DeleteAsync(Key("none"), JobCondition.None, Ct));
        Assert.Null(await store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", Key("none").NameKey, Ct));
    }

    /// <summary>A job and three drives with every mapped property away from its default, so that a column the reader missed shows.</summary>
    private static Job EveryPropertySet()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        var job = new Job
        {
            Surface = ApiSurface.Classic,
            SubscriptionId = Subscription,
            ResourceGroup = "Group",
            ResourceGroupKey = "group",
            Name = "Every",
            NameKey = "every",
            StorageAccountName = "account",
            StorageAccountId = "/subscriptions/x/storageAccounts/account",
            Type = JobType.Export,
            Location = "West US",
            State = JobState.Transferring,
            CancelRequested = true,
            FriendlyName = "friendly",
            Description = "description",
            Metadata = "metadata",
            Tags = new(StringComparer.Ordinal) { ["a"] = "1", ["b"] = "2" },
            EncryptionKey = new EncryptionKeySettings("CustomerManaged", "https://kek", "/vault"),
            ReturnAddress = new ReturnAddress("Name", "Address", "Phone", "e@example.com") { City = "City", PostalCode = "12345" },
            ReturnShipping = new ReturnShipping("Carrier", "Account"),
            DeliveryPackage = new ShippingPackage("Carrier", "T-1", 3, "2026-03-01"),
            ReturnPackage = new ShippingPackage("Carrier", "T-2", 2, null),
            DiagnosticsPath = "waimportexport",
            EnableVerboseLog = true,
            BackupDriveManifest = true,
            IncompleteBlobListUri = "https://incomplete",
            PercentComplete = 42,
            Export = new ExportSelection(["/c/a"], ["/c/p"], null),
            ProtectedAccountKey = "pk",
            ProtectedContainerSas = "ps",
            CreatedAt = at,
            LastModifiedAt = at.AddSeconds(1),
            LastTouchedAt = at.AddSeconds(2),
            StateChangedAt = at.AddSeconds(3),
            ShippingAt = at.AddSeconds(4),
            ExtraDriveIds = ["X-1", "X-2"],
        };
        foreach (var ordinal in new[] { 2, 0, 1 })
        {
            job.Drives.Add(new Drive
            {
                Ordinal = ordinal,
                DriveId = $"D-{ordinal}",
                ProtectedBitLockerKey = "pb",
                ManifestFile = "m.xml",
                ManifestHash = "mh",
                DriveHeaderHash = "hh",
                State = DriveState.Transferring,
                CopyStatus = CopyStatus.InProgress,
                PercentComplete = 7,
                BytesSucceeded = 1024,
                BytesTotal = 4096,
                VerboseLogUri = "https://v",
                ErrorLogUri = "https://e",
                ManifestUri = "https://m",
                ContentPath = "/content",
                StateChangedAt = at.AddMinutes(ordinal),
            });
        }

        AssertEveryPropertySet(job);
        AssertEveryPropertySet(job.Drives[0]);
        return job;
    }

    private static void AssertEveryPropertySet(object entity)
    {
        foreach (var property in entity.GetType().GetProperties())
        {
            var value = property.GetValue(entity);
            var unset = property.Name is "Id" or "JobId"
                ? false
                : value is null || (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
                    && value.Equals(Activator.CreateInstance(property.PropertyType)));
            Assert.False(unset, $"{entity.GetType().Name}.{property.Name} is not set: set it here, so that the prepared read is checked for it.");
        }
    }
}
