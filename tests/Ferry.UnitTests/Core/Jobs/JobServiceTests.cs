using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.UnitTests.Support;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>
/// <see cref="JobService"/> on a real SQLite file: creation, replacement, updates and their windows, the 2-week clock,
/// delete, limits, conditions and secrets at rest (docs/lifecycle.md §1, §3, §4, §5; docs/classic-api.md §3.5–§3.9).
/// </summary>
public sealed class JobServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Job> CreateAsync(SqliteJobEngine engine, string name, CreateJob? request = null, string account = Account)
    {
        var result = await engine.Jobs.PutAsync(Key(name, account), JobCondition.None, Parsed(request ?? Import(account: account)), Ct);
        Assert.Null(result.Error);
        return result.Value!.Job;
    }

    private static async Task<Job> UpdateAsync(SqliteJobEngine engine, string name, JobUpdate update)
    {
        var result = await engine.Jobs.UpdateAsync(Key(name), JobCondition.None, Parsed(update), Ct);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static void AssertError(FerryErrorKind kind, FerryError? error, string? target = null)
    {
        Assert.NotNull(error);
        Assert.Same(kind, error.Kind);
        if (target is not null)
        {
            Assert.Equal(target, error.Target);
        }
    }

    private static JobUpdate Shipping => new() { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage };

    [Fact]
    public async Task Put_creates_a_Creating_job_whose_import_drives_are_Specified_in_listed_order()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import(drives: 3)), Ct);

        Assert.False(result.Value!.Replaced);
        var job = await engine.Jobs.GetOrNullAsync(Key("mysamplejob"), Ct);
        Assert.NotNull(job);
        Assert.Equal("MySampleJob", job.Name);
        Assert.Equal(JobState.Creating, job.State);
        Assert.Equal(["DRIVE0000", "DRIVE0001", "DRIVE0002"], job.Drives.Select(d => d.DriveId));
        Assert.All(job.Drives, d => Assert.Equal(DriveState.Specified, d.State));
        Assert.Equal(SqliteJobEngine.Start, job.CreatedAt);
        Assert.Equal(SqliteJobEngine.Start, job.LastModifiedAt);
        Assert.Equal(SqliteJobEngine.Start, job.LastTouchedAt);
        Assert.Equal(JobService.DefaultDiagnosticsPath, job.DiagnosticsPath);
        Assert.False(job.EnableVerboseLog);
        Assert.False(job.BackupDriveManifest);
    }

    [Fact]
    public async Task Put_over_a_Creating_job_of_the_same_account_replaces_it_keeping_its_creation_time()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var original = await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromHours(5));

        var result = await engine.Jobs.PutAsync(Key("MYSAMPLEJOB"), JobCondition.None, Parsed(Import(drives: 2) with { FriendlyName = "second" }), Ct);

        Assert.True(result.Value!.Replaced);
        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
        Assert.Equal(original.Id, job.Id);
        Assert.Equal(original.CreatedAt, job.CreatedAt);
        Assert.Equal(SqliteJobEngine.Start.AddHours(5), job.LastModifiedAt);
        Assert.Equal(SqliteJobEngine.Start.AddHours(5), job.LastTouchedAt);
        Assert.Equal("second", job.FriendlyName);
        Assert.Equal(2, job.Drives.Count);
        Assert.Equal(1, (await engine.Jobs.ListAsync(new JobListQuery { Surface = ApiSurface.Classic, SubscriptionId = Subscription, PageSize = 10, IncludeTotal = true }, Ct)).Total);
    }

    [Fact]
    public async Task Put_over_a_job_that_left_Creating_is_a_409_whatever_the_conditions_and_before_the_body_is_parsed()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        await UpdateAsync(engine, "MySampleJob", Shipping);
        var parsed = false;

        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), new JobCondition(IfNoneMatch: "*"), () =>
        {
            parsed = true;
            return FerryErrors.Invalid("body", "unparsable");
        }, Ct);

        AssertError(FerryErrors.Conflict, result.Error);
        Assert.False(parsed);
        Assert.Equal(JobState.Shipping, (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!.State);
    }

    [Fact]
    public async Task Put_over_a_Creating_job_of_another_storage_account_is_a_409()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", account: "accountone");

        var result = await engine.Jobs.PutAsync(Key("MySampleJob", "accounttwo"), JobCondition.None, Parsed(Import(account: "accounttwo")), Ct);

        AssertError(FerryErrors.Conflict, result.Error);
    }

    [Fact]
    public async Task Put_with_If_None_Match_star_over_an_existing_job_is_a_412_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var original = await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), new JobCondition(IfNoneMatch: "*"), Parsed(Import(drives: 4)), Ct);

        AssertError(FerryErrors.PreconditionFailed, result.Error);
        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
        Assert.Equal(original.LastModifiedAt, job.LastModifiedAt);
        Assert.Single(job.Drives);
    }

    [Fact]
    public async Task Put_with_If_Match_for_a_job_that_does_not_exist_is_a_412_and_creates_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();

        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), new JobCondition(IfMatch: "*"), Parsed(Import()), Ct);

        AssertError(FerryErrors.PreconditionFailed, result.Error);
        Assert.Null(await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct));
    }

    [Theory]
    [InlineData("1job")]
    [InlineData("a")]
    [InlineData("_job")]
    [InlineData("my job")]
    [InlineData("job.name")]
    [InlineData("jöb")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Put_with_an_invalid_job_name_is_a_400_naming_Name(string name)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var result = await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import()), Ct);
        AssertError(FerryErrors.BadRequest, result.Error, "Name");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("am2_test_20140429_export")]
    [InlineData("a-B_9")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public async Task Put_accepts_names_of_2_to_64_letters_digits_underscores_and_hyphens_starting_with_a_letter(string name)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var result = await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import()), Ct);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task An_import_job_needs_1_to_10_drives(int drives)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import(drives)), Ct);
        AssertError(FerryErrors.BadRequest, result.Error, "DriveList");
    }

    [Fact]
    public async Task An_import_job_with_ten_drives_is_accepted()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        Assert.Equal(10, (await CreateAsync(engine, "MySampleJob", Import(drives: 10))).Drives.Count);
    }

    [Fact]
    public async Task Drive_ids_that_differ_only_in_case_are_duplicates()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var request = Import() with { Drives = [Drive(0), Drive(0) with { DriveId = "drive0000" }] };
        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(request), Ct);
        AssertError(FerryErrors.BadRequest, result.Error, "DriveList");
    }

    [Fact]
    public async Task A_replacement_drive_list_with_duplicate_ids_is_refused_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var created = await CreateAsync(engine, "MySampleJob", Import());
        var update = new JobUpdate { Drives = [Drive(1), Drive(1) with { DriveId = Drive(1).DriveId.ToLowerInvariant() }] };

        var result = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(update), Ct);

        AssertError(FerryErrors.BadRequest, result.Error, "DriveList");
        var stored = await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct);
        Assert.Equal(created.LastModifiedAt, stored!.LastModifiedAt);
        Assert.Equal(created.Drives.Select(d => d.DriveId), stored.Drives.Select(d => d.DriveId));
    }

    [Fact]
    public async Task An_export_job_takes_no_drives_and_needs_a_selection_and_an_import_job_takes_no_selection()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var withDrives = await engine.Jobs.PutAsync(Key("a1"), JobCondition.None, Parsed(Export() with { Drives = [Drive(0)] }), Ct);
        var withoutSelection = await engine.Jobs.PutAsync(Key("a2"), JobCondition.None, Parsed(Export() with { Export = null }), Ct);
        var importWithSelection = await engine.Jobs.PutAsync(Key("a3"), JobCondition.None, Parsed(Import() with { Export = Export().Export }), Ct);

        AssertError(FerryErrors.BadRequest, withDrives.Error, "DriveList");
        AssertError(FerryErrors.BadRequest, withoutSelection.Error, "Export");
        AssertError(FerryErrors.BadRequest, importWithSelection.Error, "Export");
        Assert.Null((await engine.Jobs.PutAsync(Key("a4"), JobCondition.None, Parsed(Export()), Ct)).Error);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task A_job_needs_exactly_one_of_account_key_and_container_SAS(bool key, bool sas)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var credential = new StorageCredential(key ? AccountKey : null, sas ? "mycontainer?sv=2014-02-14&sig=abc" : null);
        var result = await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import(credential: credential)), Ct);
        AssertError(FerryErrors.BadRequest, result.Error, "StorageAccountKey");
    }

    [Fact]
    public async Task Creating_a_job_beyond_the_active_job_limit_is_a_409_for_that_subscription_only()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(MaxActiveJobsPerSubscription: 2));
        await CreateAsync(engine, "job1");
        await CreateAsync(engine, "job2");

        var third = await engine.Jobs.PutAsync(Key("job3"), JobCondition.None, Parsed(Import()), Ct);
        var otherSubscription = await engine.Jobs.PutAsync(Key("job3", subscription: "0c2d6f7e-0000-4000-8000-000000000001"), JobCondition.None, Parsed(Import()), Ct);

        AssertError(FerryErrors.QuotaExceeded, third.Error);
        Assert.Null(await engine.Jobs.GetOrNullAsync(Key("job3"), Ct));
        Assert.Null(otherSubscription.Error);
    }

    [Fact]
    public async Task Replacing_a_Creating_job_at_the_active_job_limit_does_not_count_as_a_new_job()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(MaxActiveJobsPerSubscription: 1));
        await CreateAsync(engine, "job1");

        var result = await engine.Jobs.PutAsync(Key("job1"), JobCondition.None, Parsed(Import(drives: 2)), Ct);

        Assert.Null(result.Error);
        Assert.True(result.Value!.Replaced);
    }

    [Theory]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task Finished_jobs_do_not_count_against_the_active_job_limit(JobState finished)
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(MaxActiveJobsPerSubscription: 1));
        await CreateAsync(engine, "job1");
        await engine.ForceStateAsync(Key("job1"), finished);

        Assert.Null((await engine.Jobs.PutAsync(Key("job2"), JobCondition.None, Parsed(Import()), Ct)).Error);
    }

    [Fact]
    public async Task A_Creating_job_past_its_two_weeks_does_not_count_against_the_limit_even_before_the_sweep()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(MaxActiveJobsPerSubscription: 1));
        await CreateAsync(engine, "job1");
        engine.Clock.Advance(TimeSpan.FromDays(14));

        Assert.Null((await engine.Jobs.PutAsync(Key("job2"), JobCondition.None, Parsed(Import()), Ct)).Error);
    }

    [Fact]
    public async Task An_update_of_a_Creating_job_restarts_the_two_week_clock()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(13));
        await UpdateAsync(engine, "MySampleJob", new JobUpdate { FriendlyName = "touched" });

        engine.Clock.Advance(TimeSpan.FromDays(13));
        var stillThere = await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct);
        engine.Clock.Advance(TimeSpan.FromDays(1));
        var gone = await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct);

        Assert.NotNull(stillThere);
        Assert.Equal(SqliteJobEngine.Start.AddDays(13), stillThere.LastTouchedAt);
        Assert.Null(gone);
    }

    [Fact]
    public async Task A_Creating_job_past_its_two_weeks_is_invisible_and_its_name_free_before_the_sweep()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromDays(14));

        var update = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(new JobUpdate { FriendlyName = "late" }), Ct);
        var list = await engine.Jobs.ListAsync(new JobListQuery { Surface = ApiSurface.Classic, SubscriptionId = Subscription, PageSize = 10, IncludeTotal = true }, Ct);
        var recreate = await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import()), Ct);

        AssertError(FerryErrors.NotFound, update.Error);
        Assert.Equal(0, list.Total);
        Assert.Empty(list.Jobs);
        Assert.Null(recreate.Error);
        Assert.False(recreate.Value!.Replaced);
        Assert.Equal(SqliteJobEngine.Start.AddDays(14), recreate.Value.Job.CreatedAt);
    }

    [Fact]
    public async Task Every_successful_update_yields_a_new_ETag_even_when_the_clock_has_not_moved()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var created = await CreateAsync(engine, "MySampleJob");

        var first = await UpdateAsync(engine, "MySampleJob", new JobUpdate { Description = "one" });
        var second = await UpdateAsync(engine, "MySampleJob", new JobUpdate { Description = "two" });

        Assert.True(first.LastModifiedAt > created.LastModifiedAt);
        Assert.True(second.LastModifiedAt > first.LastModifiedAt);
        Assert.NotEqual(JobETag.Format(first.LastModifiedAt), JobETag.Format(second.LastModifiedAt));
        Assert.Equal(second.LastModifiedAt, (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!.LastModifiedAt);
    }

    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_a_412_and_changes_nothing()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var created = await CreateAsync(engine, "MySampleJob");
        await UpdateAsync(engine, "MySampleJob", new JobUpdate { Description = "one" });

        var stale = await engine.Jobs.UpdateAsync(Key("MySampleJob"), new JobCondition(IfMatch: JobETag.Format(created.LastModifiedAt)),
            Parsed(new JobUpdate { Description = "two" }), Ct);

        AssertError(FerryErrors.PreconditionFailed, stale.Error);
        Assert.Equal("one", (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!.Description);
    }

    [Fact]
    public async Task Asking_for_Shipping_with_a_delivery_package_moves_a_Creating_job_to_Shipping()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        engine.Clock.Advance(TimeSpan.FromHours(1));

        await UpdateAsync(engine, "MySampleJob", Shipping);

        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
        Assert.Equal(JobState.Shipping, job.State);
        Assert.Equal(SqliteJobEngine.Start.AddHours(1), job.ShippingAt);
        Assert.Equal(SqliteJobEngine.Start.AddHours(1), job.StateChangedAt);
        Assert.Equal(SampleDeliveryPackage, job.DeliveryPackage);
    }

    [Fact]
    public async Task Asking_for_Shipping_without_a_delivery_package_is_a_400_naming_it()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        var result = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true }), Ct);
        AssertError(FerryErrors.BadRequest, result.Error, "DeliveryPackage");
    }

    [Fact]
    public async Task Asking_for_Shipping_without_a_return_address_now_or_earlier_is_a_400_naming_it()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", Import() with { ReturnAddress = null });

        var refused = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(Shipping), Ct);
        var accepted = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(Shipping with { ReturnAddress = SampleReturnAddress }), Ct);

        AssertError(FerryErrors.BadRequest, refused.Error, "ReturnAddress");
        Assert.Equal(JobState.Shipping, accepted.Value!.State);
    }

    [Fact]
    public async Task Asking_for_Shipping_again_or_after_a_cancel_is_a_409()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "shipped");
        await UpdateAsync(engine, "shipped", Shipping);
        await CreateAsync(engine, "cancelled");
        await UpdateAsync(engine, "cancelled", new JobUpdate { RequestCancel = true });

        var again = await engine.Jobs.UpdateAsync(Key("shipped"), JobCondition.None, Parsed(Shipping), Ct);
        var afterCancel = await engine.Jobs.UpdateAsync(Key("cancelled"), JobCondition.None, Parsed(Shipping), Ct);
        var withCancel = await engine.Jobs.UpdateAsync(Key("shipped"), JobCondition.None, Parsed(Shipping with { RequestCancel = true }), Ct);

        AssertError(FerryErrors.Conflict, again.Error);
        AssertError(FerryErrors.Conflict, afterCancel.Error);
        AssertError(FerryErrors.Conflict, withCancel.Error);
    }

    [Fact]
    public async Task Cancel_leaves_a_Creating_job_in_Creating_and_moves_a_Received_job_to_Packaging()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "creating");
        await CreateAsync(engine, "received");
        await UpdateAsync(engine, "received", Shipping);
        await engine.ForceStateAsync(Key("received"), JobState.Received);

        var creating = await UpdateAsync(engine, "creating", new JobUpdate { RequestCancel = true });
        var received = await UpdateAsync(engine, "received", new JobUpdate { RequestCancel = true });

        Assert.Equal((JobState.Creating, true), (creating.State, creating.CancelRequested));
        Assert.Equal((JobState.Packaging, true), (received.State, received.CancelRequested));
        Assert.Equal(JobState.Packaging, (await engine.Jobs.GetOrNullAsync(Key("received"), Ct))!.State);
    }

    [Theory]
    [InlineData(JobState.Packaging)]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task Cancel_from_Packaging_on_is_a_409(JobState state)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        await engine.ForceStateAsync(Key("MySampleJob"), state);

        var result = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(new JobUpdate { RequestCancel = true }), Ct);

        AssertError(FerryErrors.Conflict, result.Error);
        Assert.False((await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!.CancelRequested);
    }

    [Fact]
    public async Task A_member_outside_its_state_window_is_a_409_and_descriptive_members_change_in_any_state()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "received");
        await engine.ForceStateAsync(Key("received"), JobState.Received);
        await CreateAsync(engine, "packaging");
        await engine.ForceStateAsync(Key("packaging"), JobState.Packaging);
        await CreateAsync(engine, "completed");
        await engine.ForceStateAsync(Key("completed"), JobState.Completed);

        var delivery = await engine.Jobs.UpdateAsync(Key("received"), JobCondition.None, Parsed(new JobUpdate { DeliveryPackage = SampleDeliveryPackage }), Ct);
        var returnAddress = await engine.Jobs.UpdateAsync(Key("packaging"), JobCondition.None, Parsed(new JobUpdate { ReturnAddress = SampleReturnAddress }), Ct);
        var logs = await engine.Jobs.UpdateAsync(Key("packaging"), JobCondition.None, Parsed(new JobUpdate { EnableVerboseLog = true }), Ct);
        var drives = await engine.Jobs.UpdateAsync(Key("received"), JobCondition.None, Parsed(new JobUpdate { Drives = [Drive(1)] }), Ct);
        var descriptive = await engine.Jobs.UpdateAsync(Key("completed"), JobCondition.None, Parsed(new JobUpdate { FriendlyName = "done", Metadata = "m" }), Ct);

        AssertError(FerryErrors.Conflict, delivery.Error);
        AssertError(FerryErrors.Conflict, returnAddress.Error);
        AssertError(FerryErrors.Conflict, logs.Error);
        AssertError(FerryErrors.Conflict, drives.Error);
        Assert.Equal("done", descriptive.Value!.FriendlyName);
    }

    /// <summary>An ARM-style update (docs/arm-api.md §3.6) of every member, each equal to what the job stores.</summary>
    private static JobUpdate SameAsStored(bool shipping = false, bool cancel = false) => new()
    {
        SameValueIsNoChange = true,
        RequestShipping = shipping,
        RequestCancel = cancel,
        ReturnAddress = SampleReturnAddress with { },
        ReturnShipping = new ReturnShipping("FedEx", "12345"),
        DeliveryPackage = SampleDeliveryPackage with { },
        EnableVerboseLog = false,
        BackupDriveManifest = false,
        Tags = new Dictionary<string, string> { ["env"] = "test" },
        Drives = [Drive(0), Drive(1)],
    };

    private static async Task<Job> CreateForWindowsAsync(SqliteJobEngine engine, string name, JobState state)
    {
        await CreateAsync(engine, name, Import(drives: 2) with { ReturnShipping = new ReturnShipping("FedEx", "12345") });
        await UpdateAsync(engine, name, new JobUpdate { DeliveryPackage = SampleDeliveryPackage, Tags = new Dictionary<string, string> { ["env"] = "test" } });
        return await engine.ForceStateAsync(Key(name), state);
    }

    [Theory]
    [InlineData(JobState.Creating)]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    [InlineData(JobState.Packaging)]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task With_same_value_is_no_change_every_member_equal_to_the_stored_one_passes_in_every_state(JobState state)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var before = await CreateForWindowsAsync(engine, "MySampleJob", state);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(SameAsStored(shipping: state == JobState.Shipping)), Ct);

        Assert.Null(result.Error);
        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
        Assert.Equal(state, job.State);
        Assert.False(job.CancelRequested);
        Assert.Equal(SampleReturnAddress, job.ReturnAddress);
        Assert.Equal(SampleDeliveryPackage, job.DeliveryPackage);
        Assert.Equal(["DRIVE0000", "DRIVE0001"], job.Drives.Select(d => d.DriveId));
        Assert.Equal(before.Drives.Select(d => d.StateChangedAt), job.Drives.Select(d => d.StateChangedAt));
        Assert.Equal(before.ShippingAt, job.ShippingAt);
        Assert.True(job.LastModifiedAt > before.LastModifiedAt);
    }

    [Theory]
    [InlineData(JobState.Creating)]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    [InlineData(JobState.Packaging)]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task With_same_value_is_no_change_a_differing_member_is_still_refused_outside_its_window(JobState state)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateForWindowsAsync(engine, "MySampleJob", state);
        var open = state is JobState.Creating or JobState.Shipping or JobState.Received or JobState.Transferring;
        var changes = new (string Member, JobUpdate Update, bool Allowed)[]
        {
            ("return address", SameAsStored() with { ReturnAddress = SampleReturnAddress with { Email = "other@outlook.com" } }, open),
            ("return shipping", SameAsStored() with { ReturnShipping = new ReturnShipping("FedEx", "67890") }, open),
            ("verbose log", SameAsStored() with { EnableVerboseLog = true }, open),
            ("manifest backup", SameAsStored() with { BackupDriveManifest = true }, open),
            ("delivery package", SameAsStored() with { DeliveryPackage = SampleDeliveryPackage with { TrackingNumber = "111111111111" } }, state is JobState.Creating or JobState.Shipping),
            ("drive list", SameAsStored() with { Drives = [Drive(0), Drive(1) with { ManifestHash = "AA" }] }, state == JobState.Creating),
            ("drive order", SameAsStored() with { Drives = [Drive(1), Drive(0)] }, state == JobState.Creating),
            ("shipping", SameAsStored(shipping: true), state is JobState.Creating or JobState.Shipping),
        };

        foreach (var (member, update, allowed) in changes)
        {
            var before = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
            var result = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(update), Ct);
            var after = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
            if (allowed)
            {
                Assert.True(result.Error is null, $"{member} in {state}: {result.Error?.Message}");

                // Put the job back for the next change.
                await UpdateAsync(engine, "MySampleJob", SameAsStored() with { RequestShipping = false });
                await engine.ForceStateAsync(Key("MySampleJob"), state);
            }
            else
            {
                Assert.True(result.Error?.Kind == FerryErrors.Conflict, $"{member} in {state}: expected 409, got {result.Error?.Kind.Name ?? "success"}");
                Assert.Equal(before.LastModifiedAt, after.LastModifiedAt);
            }
        }
    }

    [Theory]
    [InlineData(JobState.Creating, JobState.Creating)]
    [InlineData(JobState.Received, JobState.Packaging)]
    public async Task With_same_value_is_no_change_a_repeated_cancel_passes_in_any_state_and_shipping_stays_refused(JobState state, JobState cancelled)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateForWindowsAsync(engine, "MySampleJob", state);
        await UpdateAsync(engine, "MySampleJob", new JobUpdate { RequestCancel = true, SameValueIsNoChange = true });

        var again = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(SameAsStored(cancel: true)), Ct);
        var withoutCancel = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(SameAsStored()), Ct);
        var shipping = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(SameAsStored(shipping: true)), Ct);

        Assert.Null(again.Error);
        Assert.Null(withoutCancel.Error);
        AssertError(FerryErrors.Conflict, shipping.Error);
        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;
        Assert.Equal((cancelled, true), (job.State, job.CancelRequested));
    }

    [Fact]
    public async Task Without_same_value_is_no_change_an_equal_member_is_still_subject_to_its_window()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateForWindowsAsync(engine, "MySampleJob", JobState.Packaging);

        var classic = await engine.Jobs.UpdateAsync(Key("MySampleJob"), JobCondition.None, Parsed(SameAsStored() with { SameValueIsNoChange = false }), Ct);

        AssertError(FerryErrors.Conflict, classic.Error);
    }

    [Fact]
    public async Task Updating_a_job_that_does_not_exist_or_through_another_account_is_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", account: "accountone");

        var missing = await engine.Jobs.UpdateAsync(Key("OtherJob", "accountone"), JobCondition.None, Parsed(new JobUpdate { Description = "x" }), Ct);
        var otherAccount = await engine.Jobs.UpdateAsync(Key("MySampleJob", "accounttwo"), JobCondition.None, Parsed(new JobUpdate { Description = "x" }), Ct);

        AssertError(FerryErrors.NotFound, missing.Error);
        AssertError(FerryErrors.NotFound, otherAccount.Error);
    }

    [Fact]
    public async Task Deleting_a_Creating_job_removes_it_and_frees_its_name()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob", Import(drives: 2));

        var deleted = await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct);

        Assert.True(deleted.Value);
        Assert.Null(await engine.Store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", "MYSAMPLEJOB", Ct));
        Assert.Empty(await engine.ReadRawRowsAsync("drives"));
        Assert.False((await engine.Jobs.PutAsync(Key("MySampleJob"), JobCondition.None, Parsed(Import()), Ct)).Value!.Replaced);
    }

    [Theory]
    [InlineData(JobState.Shipping, false)]
    [InlineData(JobState.Received, false)]
    [InlineData(JobState.Transferring, false)]
    [InlineData(JobState.Packaging, false)]
    [InlineData(JobState.Completed, true)]
    [InlineData(JobState.Closed, true)]
    public async Task Delete_after_Creating_is_allowed_only_for_finished_jobs(JobState state, bool allowed)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        await engine.ForceStateAsync(Key("MySampleJob"), state);

        var result = await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct);

        if (allowed)
        {
            Assert.Null(result.Error);
            Assert.Null(await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct));
        }
        else
        {
            AssertError(FerryErrors.Conflict, result.Error);
            Assert.NotNull(await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct));
        }
    }

    [Fact]
    public async Task Deleting_a_job_that_does_not_exist_is_a_404()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        AssertError(FerryErrors.NotFound, (await engine.Jobs.DeleteAsync(Key("MySampleJob"), JobCondition.None, Ct)).Error);
    }

    [Fact]
    public async Task Get_with_an_unmet_condition_is_a_412_and_with_a_met_one_returns_the_job()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var job = await CreateAsync(engine, "MySampleJob");
        var etag = JobETag.Format(job.LastModifiedAt);

        AssertError(FerryErrors.PreconditionFailed, (await engine.Jobs.GetAsync(Key("MySampleJob"), new JobCondition(IfNoneMatch: etag), Ct)).Error);
        Assert.Equal(job.Id, (await engine.Jobs.GetAsync(Key("MySampleJob"), new JobCondition(IfMatch: etag), Ct)).Value!.Id);
        AssertError(FerryErrors.NotFound, (await engine.Jobs.GetAsync(Key("OtherJob"), JobCondition.None, Ct)).Error);
    }

    [Fact]
    public async Task The_account_key_and_BitLocker_keys_are_stored_only_in_protected_form()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        const string accountKey = "Q2xlYXJUZXh0QWNjb3VudEtleQ==";
        const string bitLockerKey = "111111-222222-333333-444444-555555-666666-777777-888888";
        await CreateAsync(engine, "MySampleJob", Import(credential: new StorageCredential(accountKey, null)) with
        {
            Drives = [Drive(0) with { BitLockerKey = bitLockerKey }],
        });

        var jobValues = (await engine.ReadRawRowsAsync("jobs")).SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var driveValues = (await engine.ReadRawRowsAsync("drives")).SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.DoesNotContain(jobValues.Concat(driveValues), v => v is not null && (v.Contains(accountKey, StringComparison.Ordinal) || v.Contains(bitLockerKey, StringComparison.Ordinal)));
        Assert.Contains(PrefixReversingProtector.Expected(accountKey), jobValues);
        Assert.Contains(PrefixReversingProtector.Expected(bitLockerKey), driveValues);
    }

    [Fact]
    public async Task A_container_SAS_is_stored_only_in_protected_form()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        const string sas = "mycontainer?sv=2014-02-14&sr=c&sig=Q2xlYXJTaWduYXR1cmU%3D&sp=rwdl";
        await CreateAsync(engine, "MySampleJob", Import(credential: new StorageCredential(null, sas)));

        var values = (await engine.ReadRawRowsAsync("jobs")).SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.DoesNotContain(values, v => v is not null && v.Contains("Q2xlYXJTaWduYXR1cmU", StringComparison.Ordinal));
        Assert.Contains(PrefixReversingProtector.Expected(sas), values);
    }

    [Fact]
    public async Task An_import_drives_BitLocker_key_is_revealed_as_supplied()
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        await CreateAsync(engine, "MySampleJob");
        var job = (await engine.Jobs.GetOrNullAsync(Key("MySampleJob"), Ct))!;

        Assert.Equal(BitLockerKey, engine.Jobs.RevealBitLockerKey(job, job.Drives[0]));
    }

    [Theory]
    [InlineData(DriveState.Received, false)]
    [InlineData(DriveState.Transferring, false)]
    [InlineData(DriveState.Completed, false)]
    [InlineData(DriveState.CompletedMoreInfo, false)]
    [InlineData(DriveState.ShippedBack, true)]
    public async Task An_export_drives_BitLocker_key_is_revealed_only_once_shipped_back(DriveState state, bool revealed)
    {
        await using var engine = await SqliteJobEngine.StartAsync();
        var job = new Job { Type = JobType.Export };
        var drive = new Drive { State = state, ProtectedBitLockerKey = PrefixReversingProtector.Expected(BitLockerKey) };

        Assert.Equal(revealed ? BitLockerKey : null, engine.Jobs.RevealBitLockerKey(job, drive));
    }
}
