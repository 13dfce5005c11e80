using Ferry.Core.Audit;
using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// <see cref="JobProgression"/> on jobs in memory: the automatic moves of docs/lifecycle.md §1.1 and §4.1, the job percentage
/// of step C2 and the ship-back error rule.
/// </summary>
public sealed class JobProgressionTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Job NewJob(JobState state, bool cancelRequested, params DriveState[] drives) => new()
    {
        Name = "job",
        State = state,
        CancelRequested = cancelRequested,
        Drives = [.. drives.Select((s, i) => new Drive { Ordinal = i, DriveId = $"D{i}", State = s })],
    };

    private static JobChangeLog Settle(Job job)
    {
        var log = new JobChangeLog(job, Actor.Operator, _now);
        JobProgression.Settle(job, log);
        return log;
    }

    [Theory]
    [InlineData(DriveState.Received, DriveState.Received)]
    [InlineData(DriveState.Received, DriveState.NeverReceived)]
    [InlineData(DriveState.Transferring, DriveState.NeverReceived)]
    public void A_Shipping_job_with_every_drive_accounted_for_and_one_in_the_data_centre_settles_to_Received(DriveState first, DriveState second)
    {
        var job = NewJob(JobState.Shipping, false, first, second);

        var log = Settle(job);

        Assert.Equal(JobState.Received, job.State);
        Assert.Equal(_now, job.StateChangedAt);
        var entry = Assert.Single(log.Entries);
        Assert.Equal((AuditAction.Settle, null, "Shipping", "Received", AuditActorKind.Operator), (entry.Action, entry.DriveId, entry.OldState, entry.NewState, entry.ActorKind));
    }

    [Theory]
    [InlineData(DriveState.Received, DriveState.Specified)]
    [InlineData(DriveState.NeverReceived, DriveState.NeverReceived)]
    public void A_Shipping_job_with_a_drive_still_expected_or_none_arrived_stays_Shipping(DriveState first, DriveState second)
    {
        var job = NewJob(JobState.Shipping, false, first, second);

        Assert.Empty(Settle(job).Entries);
        Assert.Equal(JobState.Shipping, job.State);
    }

    [Fact]
    public void A_Shipping_job_without_drives_stays_Shipping()
    {
        var job = NewJob(JobState.Shipping, false);

        Assert.Empty(Settle(job).Entries);
        Assert.Equal(JobState.Shipping, job.State);
    }

    [Theory]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    public void A_cancelled_job_with_no_drive_copying_settles_to_Packaging(JobState state)
    {
        var job = NewJob(state, true, DriveState.Completed, DriveState.Received);

        var log = Settle(job);

        Assert.Equal(JobState.Packaging, job.State);
        Assert.Equal([(state.ToString(), "Packaging")], log.Entries.Select(e => (e.OldState!, e.NewState!)));
    }

    [Fact]
    public void A_cancelled_job_with_a_drive_copying_stays_Transferring()
    {
        var job = NewJob(JobState.Transferring, true, DriveState.Transferring, DriveState.Received);

        Assert.Empty(Settle(job).Entries);
        Assert.Equal(JobState.Transferring, job.State);
    }

    [Fact]
    public void A_cancelled_Shipping_job_whose_drives_are_accounted_for_settles_through_Received_to_Packaging()
    {
        var job = NewJob(JobState.Shipping, true, DriveState.Received);

        var log = Settle(job);

        Assert.Equal([("Shipping", "Received"), ("Received", "Packaging")], log.Entries.Select(e => (e.OldState!, e.NewState!)));
    }

    [Fact]
    public void A_cancelled_Creating_job_stays_Creating()
    {
        var job = NewJob(JobState.Creating, true, DriveState.Specified);

        Assert.Empty(Settle(job).Entries);
        Assert.Equal(JobState.Creating, job.State);
    }

    [Theory]
    [InlineData(DriveState.Completed, DriveState.CompletedMoreInfo, true)]
    [InlineData(DriveState.Completed, DriveState.NeverReceived, true)]
    [InlineData(DriveState.Completed, DriveState.Transferring, false)]
    [InlineData(DriveState.Completed, DriveState.Received, false)]
    [InlineData(DriveState.Completed, DriveState.Specified, false)]
    public void A_Transferring_job_goes_to_Packaging_only_when_no_drive_is_left_to_copy(DriveState first, DriveState second, bool packaging)
    {
        var job = NewJob(JobState.Transferring, false, first, second);

        Settle(job);

        Assert.Equal(packaging ? JobState.Packaging : JobState.Transferring, job.State);
    }

    [Fact]
    public void The_job_percentage_is_the_mean_of_its_drives_rounded_down_counting_unstarted_drives_as_zero_and_leaving_out_never_received_ones()
    {
        var job = NewJob(JobState.Transferring, false, DriveState.Transferring, DriveState.Transferring, DriveState.Received, DriveState.NeverReceived);
        job.Drives[0].PercentComplete = 50;
        job.Drives[1].PercentComplete = 51;
        job.Drives[3].PercentComplete = 100;

        Settle(job);

        Assert.Equal(33, job.PercentComplete);
    }

    [Theory]
    [InlineData(JobState.Creating)]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    public void The_job_percentage_is_left_alone_before_Transferring(JobState state)
    {
        var job = NewJob(state, false, DriveState.Received);
        job.Drives[0].PercentComplete = 70;

        Settle(job);

        Assert.Null(job.PercentComplete);
    }

    [Fact]
    public void The_job_percentage_is_left_alone_when_every_drive_never_arrived()
    {
        var job = NewJob(JobState.Packaging, false, DriveState.NeverReceived);
        job.PercentComplete = 12;

        Settle(job);

        Assert.Equal(12, job.PercentComplete);
    }

    [Theory]
    [InlineData(DriveState.ShippedBack, CopyStatus.Completed, false)]
    [InlineData(DriveState.ShippedBack, CopyStatus.CompletedWithWarnings, false)]
    [InlineData(DriveState.Received, null, false)]
    [InlineData(DriveState.NeverReceived, null, true)]
    [InlineData(DriveState.ShippedBack, CopyStatus.CompletedWithErrors, true)]
    [InlineData(DriveState.ShippedBack, CopyStatus.DiskNotFound, true)]
    public void Ship_back_finds_errors_for_a_drive_never_received_or_copied_with_a_failure_status(DriveState state, CopyStatus? status, bool errors)
    {
        var job = NewJob(JobState.Packaging, false, DriveState.ShippedBack, state);
        job.Drives[0].CopyStatus = CopyStatus.Completed;
        job.Drives[1].CopyStatus = status;

        Assert.Equal(errors, JobProgression.HasErrors(job));
    }
}
