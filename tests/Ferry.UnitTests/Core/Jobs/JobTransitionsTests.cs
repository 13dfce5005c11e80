using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// The state machines and windows of docs/lifecycle.md, checked exhaustively against tables written from that document:
/// docs/lifecycle.md §1.1 (job edges), §2.1 (drive edges), §3 (who may change what) and §4.2 (delete).
/// </summary>
public sealed class JobTransitionsTests
{
    /// <summary>
    /// docs/lifecycle.md §1.1, every edge between two states. The Put-replace self-loop on Creating is not a state change;
    /// it is <see cref="JobTransitions.CanReplace"/>. Deletion is not a state; it is <see cref="JobTransitions.CanDelete"/>.
    /// </summary>
    private static readonly Dictionary<JobState, JobState[]> _jobEdges = new()
    {
        [JobState.Creating] = [JobState.Shipping],
        [JobState.Shipping] = [JobState.Received, JobState.Packaging, JobState.Closed, JobState.Transferring],
        [JobState.Received] = [JobState.Packaging, JobState.Transferring],
        [JobState.Transferring] = [JobState.Packaging],
        [JobState.Packaging] = [JobState.Completed, JobState.Closed],
        [JobState.Completed] = [],
        [JobState.Closed] = [],
        [JobState.Canceled] = [],
    };

    /// <summary>docs/lifecycle.md §2.1, every edge between two drive states.</summary>
    private static readonly Dictionary<DriveState, DriveState[]> _driveEdges = new()
    {
        [DriveState.Specified] = [DriveState.Received, DriveState.NeverReceived, DriveState.Transferring],
        [DriveState.Received] = [DriveState.Transferring, DriveState.ShippedBack],
        [DriveState.NeverReceived] = [DriveState.Received],
        [DriveState.Transferring] = [DriveState.Completed, DriveState.CompletedMoreInfo],
        [DriveState.Completed] = [DriveState.ShippedBack],
        [DriveState.CompletedMoreInfo] = [DriveState.ShippedBack],
        [DriveState.ShippedBack] = [],
    };

    private const bool Y = true;
    private const bool N = false;

    /// <summary>
    /// docs/lifecycle.md §3, columns Creating, Shipping, Received, Transferring, Packaging, Completed, Closed, and a last
    /// column for the reserved Canceled state (docs/decisions.md D8): never entered, so only descriptive members may change, as in the
    /// other final states.
    /// </summary>
    private static readonly Dictionary<JobMember, bool[]> _windows = new()
    {
        [JobMember.Descriptive] = [Y, Y, Y, Y, Y, Y, Y, Y],
        [JobMember.ShippingRequest] = [Y, N, N, N, N, N, N, N],
        [JobMember.CancelRequest] = [Y, Y, Y, Y, N, N, N, N],
        [JobMember.ReturnDetails] = [Y, Y, Y, Y, N, N, N, N],
        [JobMember.LogOptions] = [Y, Y, Y, Y, N, N, N, N],
        [JobMember.DeliveryPackage] = [Y, Y, N, N, N, N, N, N],
        [JobMember.DriveList] = [Y, N, N, N, N, N, N, N],
    };

    private static readonly JobState[] _windowColumns =
    [
        JobState.Creating, JobState.Shipping, JobState.Received, JobState.Transferring,
        JobState.Packaging, JobState.Completed, JobState.Closed, JobState.Canceled,
    ];

    public static TheoryData<JobState, JobState, bool> JobPairs()
    {
        var data = new TheoryData<JobState, JobState, bool>();
        foreach (var from in Enum.GetValues<JobState>())
        {
            foreach (var to in Enum.GetValues<JobState>())
            {
                data.Add(from, to, _jobEdges[from].Contains(to));
            }
        }

        return data;
    }

    public static TheoryData<DriveState, DriveState, bool> DrivePairs()
    {
        var data = new TheoryData<DriveState, DriveState, bool>();
        foreach (var from in Enum.GetValues<DriveState>())
        {
            foreach (var to in Enum.GetValues<DriveState>())
            {
                data.Add(from, to, _driveEdges[from].Contains(to));
            }
        }

        return data;
    }

    public static TheoryData<JobMember, JobState, bool> WindowCells()
    {
        var data = new TheoryData<JobMember, JobState, bool>();
        foreach (var member in Enum.GetValues<JobMember>())
        {
            for (var column = 0; column < _windowColumns.Length; column++)
            {
                data.Add(member, _windowColumns[column], _windows[member][column]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JobPairs))]
    public void A_job_moves_between_two_states_exactly_when_the_lifecycle_lists_the_edge(JobState from, JobState to, bool allowed) =>
        Assert.Equal(allowed, JobTransitions.CanMove(from, to));

    [Theory]
    [MemberData(nameof(DrivePairs))]
    public void A_drive_moves_between_two_states_exactly_when_the_lifecycle_lists_the_edge(DriveState from, DriveState to, bool allowed) =>
        Assert.Equal(allowed, JobTransitions.CanMove(from, to));

    [Theory]
    [MemberData(nameof(WindowCells))]
    public void A_member_may_change_exactly_in_the_states_the_lifecycle_table_marks(JobMember member, JobState state, bool allowed) =>
        Assert.Equal(allowed, JobTransitions.CanChange(member, state));

    [Fact]
    public void The_expected_tables_cover_every_state_and_member_so_a_new_value_forces_a_decision()
    {
        Assert.Equal(Enum.GetValues<JobState>().Order(), _jobEdges.Keys.Order());
        Assert.Equal(Enum.GetValues<DriveState>().Order(), _driveEdges.Keys.Order());
        Assert.Equal(Enum.GetValues<JobState>().Order(), _windowColumns.Order());
        Assert.Equal(Enum.GetValues<JobMember>().Order(), _windows.Keys.Order());
        Assert.All(_windows.Values, row => Assert.Equal(_windowColumns.Length, row.Length));
    }

    [Theory]
    [InlineData(JobState.Creating, true)]
    [InlineData(JobState.Shipping, false)]
    [InlineData(JobState.Received, false)]
    [InlineData(JobState.Transferring, false)]
    [InlineData(JobState.Packaging, false)]
    [InlineData(JobState.Completed, true)]
    [InlineData(JobState.Closed, true)]
    [InlineData(JobState.Canceled, false)]
    public void A_job_may_be_deleted_only_in_Creating_Completed_and_Closed(JobState state, bool allowed) =>
        Assert.Equal(allowed, JobTransitions.CanDelete(state));

    [Theory]
    [InlineData(JobState.Creating, true)]
    [InlineData(JobState.Shipping, false)]
    [InlineData(JobState.Received, false)]
    [InlineData(JobState.Transferring, false)]
    [InlineData(JobState.Packaging, false)]
    [InlineData(JobState.Completed, false)]
    [InlineData(JobState.Closed, false)]
    [InlineData(JobState.Canceled, false)]
    public void Put_on_an_existing_name_replaces_the_job_only_while_it_is_Creating(JobState state, bool allowed) =>
        Assert.Equal(allowed, JobTransitions.CanReplace(state));

    [Theory]
    [InlineData(JobState.Creating, true, false)]
    [InlineData(JobState.Shipping, true, false)]
    [InlineData(JobState.Received, true, false)]
    [InlineData(JobState.Transferring, true, false)]
    [InlineData(JobState.Packaging, true, false)]
    [InlineData(JobState.Completed, false, true)]
    [InlineData(JobState.Closed, false, true)]
    [InlineData(JobState.Canceled, true, false)]
    public void Every_state_but_Completed_and_Closed_counts_as_active_and_only_those_two_as_finished(JobState state, bool active, bool finished)
    {
        Assert.Equal(active, JobTransitions.IsActive(state));
        Assert.Equal(finished, JobTransitions.IsFinished(state));
    }
}
