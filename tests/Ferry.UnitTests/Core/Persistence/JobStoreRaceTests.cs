using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>Writes that lose a race with a delete report the lost race; they never fail (found by the fuzzing tests).</summary>
public sealed class JobStoreRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_update_with_new_drives_over_a_job_deleted_meanwhile_reports_a_lost_race_instead_of_failing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var created = await engine.CreateAsync("RacedJob");
        var stale = created.Clone();
        Assert.True(await engine.Store.DeleteJobAsync(created, created.LastModifiedAt, [], Ct));

        // A replacement of the drive list: the old drive goes, a new one (not yet stored) comes.
        stale.Drives.Clear();
        stale.Drives.Add(new Drive { DriveId = "DRIVE0042", Ordinal = 0, ManifestFile = "\\DriveManifest.xml", ManifestHash = "B306C4B34DAA0E99957A4B9C779D2FA2" });

        Assert.False(await engine.Store.UpdateJobAsync(stale, created.LastModifiedAt, [], Ct));
        Assert.Null(await engine.Store.FindJobOrNullAsync(created.Surface, created.SubscriptionId, created.ResourceGroupKey, created.NameKey, Ct));
    }
}
