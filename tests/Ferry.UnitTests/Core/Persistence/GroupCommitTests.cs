using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using StoredSubscription = Ferry.Core.Subscriptions.Subscription;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Core.Persistence;

#pragma warning disable VSTHRD003 // The awaited tasks are this test's own writes, started by QueueTogetherAsync; xUnit has no context to deadlock on.

/// <summary>
/// The store's group commit and its maintained active-job count (docs/architecture.md §11.1, §11.8). Writes queued
/// behind the batch gate share one transaction on both backends, each keeping its own outcome. A failed commit
/// acknowledges none on SQLite; on PostgreSQL, whose server refused the commit (so nothing of it is durable), each
/// write is rerun alone and gets its own outcome. Either way the maintained count equals an exact count.
/// </summary>
public sealed class GroupCommitTests
{
    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset _at = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_failed_write_of_a_batch_rolls_back_only_itself_and_the_others_commit(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var writer = Writer(engine);
        var seen = new List<Guid>();

        var writes = await QueueTogetherAsync(engine,
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-a", seen, keep: true, ct), null, Ct),
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-a", seen, keep: true, ct), null, Ct), // the same key: fails
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-b", seen, keep: false, ct), null, Ct), // asks to roll back
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-c", seen, keep: true, ct), null, Ct));

        Assert.Equal("sub-a", await writes[0]);
        await Assert.ThrowsAsync<DbUpdateException>(() => writes[1]);
        Assert.Equal("sub-b", await writes[2]);
        Assert.Equal("sub-c", await writes[3]);
        Assert.Equal(["sub-a", "sub-c"], await SubscriptionIdsAsync(engine));

        // All four ran in one transaction, hence one commit.
        Assert.Equal(4, seen.Count);
        Assert.Single(seen.Distinct());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_commit_that_fails_acknowledges_none_of_its_writes(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var writer = Writer(engine);
        var committed = new List<string>();

        var writes = await QueueTogetherAsync(engine,
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-x", [], keep: true, ct), committed.Add, Ct),
            () => writer.RunAsync(FailAtCommitAsync, committed.Add, Ct),
            () => writer.RunAsync((db, ct) => AddSubscriptionAsync(db, "sub-y", [], keep: true, ct), committed.Add, Ct));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => writes[1]);
        Assert.IsNotType<OperationCanceledException>(failure);
        if (backend == StoreBackend.Sqlite)
        {
            // One transaction: its commit failed, so neither neighbour is acknowledged or stored.
            Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => writes[0]));
            Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => writes[2]));
            Assert.Empty(committed);
            Assert.Empty(await SubscriptionIdsAsync(engine));
        }
        else
        {
            // The server refused the commit: the batch was rolled back and each write rerun alone, the breaker failing on its own.
            Assert.IsAssignableFrom<Npgsql.PostgresException>(failure);
            Assert.Equal("sub-x", await writes[0]);
            Assert.Equal("sub-y", await writes[2]);
            Assert.Equal(["sub-x", "sub-y"], committed.Order());
            Assert.Equal(["sub-x", "sub-y"], await SubscriptionIdsAsync(engine));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Creates_queued_together_keep_their_own_outcomes(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var store = engine.Services.GetRequiredService<IJobStore>();
        Ok(await engine.Jobs.PutAsync(Key("seed"), JobCondition.None, Parsed(Import()), Ct));
        var template = await FindAsync(store, "seed");
        var cutoffs = ExpiryCutoffs.At(engine.Clock.GetUtcNow(), engine.Services.GetRequiredService<IOptions<JobRulesOptions>>().Value);

        var creates = await QueueTogetherAsync(engine,
            () => store.InsertJobAsync(Fresh(template, "twin"), 100, cutoffs, [], Ct),
            () => store.InsertJobAsync(Fresh(template, "Twin"), 100, cutoffs, [], Ct), // the same name key
            () => store.InsertJobAsync(Fresh(template, "single"), 100, cutoffs, [], Ct));

        Assert.Equal([InsertOutcome.Inserted, InsertOutcome.NameTaken, InsertOutcome.Inserted], await Task.WhenAll(creates));
        Assert.Equal("twin", (await FindAsync(store, "TWIN")).Name);
        Assert.Equal("single", (await FindAsync(store, "single")).Name);
        await AssertCountsAgreeAsync(engine, 3);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task The_maintained_active_count_matches_an_exact_count_after_a_mixed_sequence(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var store = engine.Services.GetRequiredService<IJobStore>();
        foreach (var name in new[] { "job-a", "job-b", "job-c", "job-d", "job-e", "job-f" })
        {
            Ok(await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import()), Ct));
        }

        await AssertCountsAgreeAsync(engine, 6);

        Ok(await engine.Jobs.UpdateAsync(Key("job-a"), JobCondition.None, Parsed(new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage }), Ct));
        await AssertCountsAgreeAsync(engine, 6); // Creating → Shipping: still active

        await ForceStateAsync(engine, store, "job-b", JobState.Completed);
        await ForceStateAsync(engine, store, "job-c", JobState.Closed);
        await AssertCountsAgreeAsync(engine, 4);

        Ok(await engine.Jobs.DeleteAsync(Key("job-b"), JobCondition.None, Ct)); // a finished job: no change
        Ok(await engine.Jobs.DeleteAsync(Key("job-d"), JobCondition.None, Ct)); // a Creating job: one fewer
        await AssertCountsAgreeAsync(engine, 3);

        // A lost race changes nothing.
        var stale = await FindAsync(store, "job-e");
        Assert.False(await store.UpdateJobAsync(Changed(stale, JobState.Completed), stale.LastModifiedAt.AddTicks(-1), [], Ct));
        Assert.False(await store.DeleteJobAsync(stale, stale.LastModifiedAt.AddTicks(-1), [], Ct));
        await AssertCountsAgreeAsync(engine, 3);

        // The sweeper: the Creating jobs past their deadline (job-e, job-f) go; the Closed job (job-c) is kept for its retention.
        engine.Clock.Advance(TimeSpan.FromDays(15));
        await ForceStateAsync(engine, store, "job-a", JobState.Received);
        var cutoffs = ExpiryCutoffs.At(engine.Clock.GetUtcNow(), engine.Services.GetRequiredService<IOptions<JobRulesOptions>>().Value);
        Assert.Equal(2, await store.DeleteExpiredJobsAsync(cutoffs, engine.Clock.GetUtcNow(), Ct));
        await AssertCountsAgreeAsync(engine, 1);

        Ok(await engine.Jobs.PutAsync(Key("job-g"), JobCondition.None, Parsed(Import()), Ct));
        Ok(await engine.Jobs.PutAsync(Key("job-other", subscription: OtherSubscription), JobCondition.None, Parsed(Import()), Ct));
        await AssertCountsAgreeAsync(engine, 2);
        Assert.True(await store.DeleteSubscriptionJobsAsync(Subscription, Ferry.Core.Audit.Actor.Operator, engine.Clock.GetUtcNow(), Ct) > 0);
        await AssertCountsAgreeAsync(engine, 0);
        Assert.Equal(1, await ActiveCountAsync(engine, OtherSubscription));
    }

    [Fact]
    public async Task A_maintained_count_at_the_limit_is_checked_against_the_exact_count()
    {
        await using var engine = await SqliteJobEngine.StartAsync(new SqliteJobEngineOptions(MaxActiveJobsPerSubscription: 2));
        await engine.CreateAsync("one");
        await engine.CreateAsync("two");
        AssertError(Ferry.Core.Errors.FerryErrors.QuotaExceeded, (await engine.Jobs.PutAsync(Key("three"), JobCondition.None, Parsed(Import()), Ct)).Error);

        // Past the Creating deadline neither counts for the limit, though both are still stored (and counted as an upper bound).
        engine.Clock.Advance(TimeSpan.FromDays(15));
        Ok(await engine.Jobs.PutAsync(Key("three"), JobCondition.None, Parsed(Import()), Ct));
        Ok(await engine.Jobs.PutAsync(Key("four"), JobCondition.None, Parsed(Import()), Ct));
        AssertError(Ferry.Core.Errors.FerryErrors.QuotaExceeded, (await engine.Jobs.PutAsync(Key("five"), JobCondition.None, Parsed(Import()), Ct)).Error);
    }

    private const string OtherSubscription = "0e6b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d";

    private static GroupCommitWriter Writer(StoreEngine engine) =>
        new(engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>(), engine.Services.GetRequiredService<IStoreWriteGate>());

    /// <summary>
    /// Starts every write while the batch gate is held, so that they all queue and the first through the gate commits
    /// them together.
    /// </summary>
    private static async Task<List<Task<T>>> QueueTogetherAsync<T>(StoreEngine engine, params Func<Task<T>>[] writes)
    {
        var gate = engine.Services.GetRequiredService<IStoreWriteGate>();
        Assert.True(gate.GroupsCommits);
        var started = new List<Task<T>>();
        using (await gate.EnterBatchAsync(Ct))
        {
            started.AddRange(writes.Select(write => write()));
            Assert.All(started, task => Assert.False(task.IsCompleted));
        }

        foreach (var task in started)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Observed by the test through the task.
            }
        }

        return started;
    }

    /// <summary>A new job, not yet stored, like <paramref name="template"/> but named <paramref name="name"/>.</summary>
    private static Job Fresh(Job template, string name)
    {
        var job = template.Clone();
        job.Id = 0;
        job.Name = name;
        job.NameKey = name.ToUpperInvariant();
        foreach (var drive in job.Drives)
        {
            drive.Id = 0;
            drive.JobId = 0;
        }

        return job;
    }

    private static async Task<GroupCommitWriter.Outcome<string>> AddSubscriptionAsync(FerryDbContext db, string id, List<Guid> seen, bool keep, CancellationToken cancellationToken)
    {
        seen.Add(db.Database.CurrentTransaction!.TransactionId);
        db.Subscriptions.Add(new StoredSubscription { Id = id, Enabled = true, CreatedAt = _at });
        await db.SaveChangesAsync(cancellationToken);
        return new(id, keep);
    }

    /// <summary>A write that succeeds but whose transaction cannot commit: a deferred foreign key left dangling.</summary>
    private static async Task<GroupCommitWriter.Outcome<string>> FailAtCommitAsync(FerryDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TEMP TABLE commit_breaker (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES commit_breaker (id) DEFERRABLE INITIALLY DEFERRED)", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO commit_breaker (id, parent) VALUES (1, 42)", cancellationToken);
        return new("breaker", true);
    }

    private static async Task<List<string>> SubscriptionIdsAsync(StoreEngine engine)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct);
        return await db.Subscriptions.Where(s => s.Id.StartsWith("sub-")).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(Ct);
    }

    private static async Task<int> ActiveCountAsync(StoreEngine engine, string subscription = Subscription)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct);
        return await db.SubscriptionVersions.Where(v => v.Surface == ApiSurface.Classic && v.SubscriptionId == subscription).Select(v => v.ActiveJobs).SingleAsync(Ct);
    }

    /// <summary>Every stored job of the subscription that is not Completed or Closed (whatever its deadlines).</summary>
    private static async Task<int> ExactActiveCountAsync(StoreEngine engine, string subscription = Subscription)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct);
        return await db.Jobs.CountAsync(j => j.Surface == ApiSurface.Classic && j.SubscriptionId == subscription
            && j.State != JobState.Completed && j.State != JobState.Closed, Ct);
    }

    private static async Task AssertCountsAgreeAsync(StoreEngine engine, int expected)
    {
        Assert.Equal(expected, await ExactActiveCountAsync(engine));
        Assert.Equal(expected, await ActiveCountAsync(engine));
    }

    private static async Task<Job> FindAsync(IJobStore store, string name)
    {
        var key = Key(name);
        return await store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroup, key.NameKey, Ct)
            ?? throw new InvalidOperationException($"No job {name}.");
    }

    private static Job Changed(Job job, JobState state)
    {
        var changed = job.Clone();
        changed.State = state;
        changed.LastModifiedAt = job.LastModifiedAt.AddSeconds(1);
        return changed;
    }

    /// <summary>Moves a job to a state through the store, bypassing the state machine (only activeness matters here).</summary>
    private static async Task ForceStateAsync(StoreEngine engine, IJobStore store, string name, JobState state)
    {
        var job = await FindAsync(store, name);
        var expected = job.LastModifiedAt;
        var now = engine.Clock.GetUtcNow();
        var changed = job.Clone();
        changed.State = state;
        changed.StateChangedAt = now;
        changed.LastModifiedAt = JobETag.Next(now, expected);
        Assert.True(await store.UpdateJobAsync(changed, expected, [], Ct));
    }
}
