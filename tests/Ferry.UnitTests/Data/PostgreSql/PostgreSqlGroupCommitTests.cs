using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using static Ferry.UnitTests.Support.DataCentreSteps;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Data.PostgreSql;

#pragma warning disable VSTHRD003 // The awaited tasks are this test's own writes and signals; xUnit has no context to deadlock on.

/// <summary>
/// Group commit on PostgreSQL (docs/architecture.md §11.8): the job writes one instance queues share one transaction,
/// and a batch that meets another transaction's locks (here a real deadlock against a second connection, as another
/// instance would hold) is rolled back and rerun write by write, each write getting its own outcome.
/// </summary>
public sealed class PostgreSqlGroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset _touched = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Creates_queued_together_are_stored_by_one_transaction()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.PostgreSql);
        var store = engine.Services.GetRequiredService<IJobStore>();
        Ok(await engine.Jobs.PutAsync(Key("seed"), JobCondition.None, Parsed(Import()), Ct));
        var template = await FindAsync(store, "seed");
        var cutoffs = ExpiryCutoffs.At(engine.Clock.GetUtcNow(), engine.Services.GetRequiredService<IOptions<JobRulesOptions>>().Value);

        // Each stored job row records the top-level transaction that wrote it (savepoints included).
        await using var observer = await OpenAsync(engine);
        await ExecuteAsync(observer, """
            CREATE TABLE test_job_writes (txid bigint NOT NULL);
            CREATE FUNCTION test_record_job_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO test_job_writes VALUES (txid_current()); RETURN NULL; END $$;
            CREATE TRIGGER test_record_job_write AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION test_record_job_write();
            """);

        var gate = engine.Services.GetRequiredService<IStoreWriteGate>();
        Task<InsertOutcome> first, second;
        using (await gate.EnterBatchAsync(Ct))
        {
            first = store.InsertJobAsync(Fresh(template, "first"), 100, cutoffs, [], Ct);
            second = store.InsertJobAsync(Fresh(template, "second"), 100, cutoffs, [], Ct);
            Assert.False(first.IsCompleted);
            Assert.False(second.IsCompleted);
        }

        Assert.Equal([InsertOutcome.Inserted, InsertOutcome.Inserted], await Task.WhenAll(first, second));
        Assert.Equal("first", (await FindAsync(store, "first")).Name);
        Assert.Equal("second", (await FindAsync(store, "second")).Name);
        await using var read = new NpgsqlCommand("SELECT count(*), count(DISTINCT txid) FROM test_job_writes", observer);
        await using var rows = await read.ExecuteReaderAsync(Ct);
        Assert.True(await rows.ReadAsync(Ct));
        Assert.Equal(2, rows.GetInt64(0));
        Assert.Equal(1, rows.GetInt64(1));
    }

    [Fact]
    public async Task A_batch_that_deadlocks_with_another_transaction_is_rerun_write_by_write_with_each_outcome_its_own()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.PostgreSql);
        var store = engine.Services.GetRequiredService<IJobStore>();
        foreach (var name in new[] { "job-j", "job-k", "job-m" })
        {
            Ok(await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(Import()), Ct));
        }

        var j = (await FindAsync(store, "job-j")).Id;
        var k = (await FindAsync(store, "job-k")).Id;
        var m = await FindAsync(store, "job-m");
        var writer = new GroupCommitWriter(engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>(), engine.Services.GetRequiredService<IStoreWriteGate>());

        // The other side: a transaction that holds job J and, once the batch holds job K, asks for K. It never gives way
        // (its deadlock check waits ten minutes), so PostgreSQL breaks the cycle by failing the batch.
        await using var other = await OpenAsync(engine);
        await ExecuteAsync(other, "SET deadlock_timeout = '10min'");
        var otherPid = other.ProcessID;
        await using var otherTransaction = await other.BeginTransactionAsync(Ct);
        await ExecuteAsync(other, $"SELECT 1 FROM jobs WHERE \"Id\" = {j} FOR UPDATE");

        var kLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = new RunLog();
        var added = new Drive { Ordinal = 99, DriveId = "ADDED-BY-BATCH", State = DriveState.Specified };

        var gate = engine.Services.GetRequiredService<IStoreWriteGate>();
        Task<string> touchK, refused, touchJ;
        Task<long> addDrive, addRawDrive;
        long rawDriveId = 0;
        using (await gate.EnterBatchAsync(Ct))
        {
            touchK = writer.RunAsync(async (db, ct) =>
            {
                runs.Add("k", db);
                await TouchAsync(db, k, ct);
                kLocked.TrySetResult();
                return new GroupCommitWriter.Outcome<string>("k", true);
            }, null, Ct);
            refused = writer.RunAsync(async (db, ct) =>
            {
                runs.Add("refused", db);
                await TouchAsync(db, m.Id, ct);
                return new GroupCommitWriter.Outcome<string>("refused", false); // its own outcome: nothing kept
            }, null, Ct);
            addDrive = writer.RunAsync(async (db, ct) =>
            {
                // As an update adds a drive: a drive without a key is new, one with a key exists.
                runs.Add("drive", db);
                added.JobId = m.Id;
                db.Entry(added).State = added.Id == 0 ? EntityState.Added : EntityState.Modified;
                await db.SaveChangesAsync(ct);
                return new GroupCommitWriter.Outcome<long>(added.Id, true);
            }, null, Ct);
            addRawDrive = writer.RunAsync(async (db, ct) =>
            {
                // As a hand-written statement sets a key: the write keeps it, and says how to put it back for a rerun.
                runs.Add("raw", db);
                await using var statement = db.Database.GetDbConnection().CreateCommand();
                statement.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                if (rawDriveId == 0)
                {
                    statement.CommandText = "INSERT INTO drives (\"JobId\", \"Ordinal\", \"DriveId\", \"State\", \"BytesSucceeded\", \"StateChangedAt\") "
                        + $"VALUES ({m.Id}, 98, 'SET-BY-STATEMENT', 1, 0, 0) RETURNING \"Id\"";
                    rawDriveId = (long)(await statement.ExecuteScalarAsync(ct))!;
                }
                else
                {
                    // A key it already has means an existing row: it is updated, not inserted.
                    statement.CommandText = $"UPDATE drives SET \"BytesSucceeded\" = 1 WHERE \"Id\" = {rawDriveId}";
                    await statement.ExecuteNonQueryAsync(ct);
                }

                return new GroupCommitWriter.Outcome<long>(rawDriveId, true);
            }, null, () => rawDriveId = 0, Ct);
            touchJ = writer.RunAsync(async (db, ct) =>
            {
                runs.Add("j", db);
                await otherWaits.Task.WaitAsync(ct);
                await TouchAsync(db, j, ct); // waits for the other side, which waits for this batch: a deadlock
                return new GroupCommitWriter.Outcome<string>("j", true);
            }, null, Ct);
        }

        await kLocked.Task.WaitAsync(Ct);
        var otherLock = ExecuteAsync(other, $"SELECT 1 FROM jobs WHERE \"Id\" = {k} FOR UPDATE");
        await using (var observer = await OpenAsync(engine))
        {
            await WaitForLockWaitAsync(observer, otherPid);
        }

        otherWaits.SetResult();

        // The batch was the deadlock's victim and rolled back: the other side gets job K, then gives both jobs up.
        await otherLock;
        await otherTransaction.RollbackAsync(Ct);

        Assert.Equal("k", await touchK);
        Assert.Equal("refused", await refused);
        Assert.Equal("j", await touchJ);
        var driveId = await addDrive;
        var rawId = await addRawDrive;

        // Each write ran twice: in the batch (one transaction) and then alone (one transaction each).
        Assert.Equal(["k", "refused", "drive", "raw", "j", "k", "refused", "drive", "raw", "j"], runs.Names);
        Assert.Single(runs.Transactions.Take(5).Distinct());
        Assert.Equal(5, runs.Transactions.Skip(5).Distinct().Count());
        Assert.DoesNotContain(runs.Transactions[0], runs.Transactions.Skip(5));

        // Every outcome is the write's own, applied once.
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(_touched, await db.Jobs.Where(x => x.Id == k).Select(x => x.LastTouchedAt).SingleAsync(Ct));
        Assert.Equal(_touched, await db.Jobs.Where(x => x.Id == j).Select(x => x.LastTouchedAt).SingleAsync(Ct));
        Assert.Equal(m.LastTouchedAt, await db.Jobs.Where(x => x.Id == m.Id).Select(x => x.LastTouchedAt).SingleAsync(Ct));
        var stored = await db.Drives.Where(d => d.DriveId == "ADDED-BY-BATCH").Select(d => d.Id).ToListAsync(Ct);
        Assert.Equal([driveId], stored);
        Assert.Equal(driveId, added.Id);
        Assert.Equal([rawId], await db.Drives.Where(d => d.DriveId == "SET-BY-STATEMENT").Select(d => d.Id).ToListAsync(Ct));
    }

    private static async Task TouchAsync(FerryDbContext db, long jobId, CancellationToken cancellationToken) =>
        Assert.Equal(1, await db.Jobs.Where(x => x.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastTouchedAt, _touched), cancellationToken));

    /// <summary>
    /// Waits until the backend <paramref name="pid"/> is waiting for a lock. PostgreSQL tells no one when a backend starts
    /// to wait, so its activity view is read until it says so.
    /// </summary>
    private static async Task WaitForLockWaitAsync(NpgsqlConnection observer, int pid)
    {
        await using var query = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", observer);
        query.Parameters.Add(new NpgsqlParameter { Value = pid });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await query.ExecuteScalarAsync(timeout.Token) is not true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(StoreEngine engine)
    {
        var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<Job> FindAsync(IJobStore store, string name)
    {
        var key = Key(name);
        return await store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroup, key.NameKey, Ct)
            ?? throw new InvalidOperationException($"No job {name}.");
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

    /// <summary>Which write ran, in which transaction, in order.</summary>
    private sealed class RunLog
    {
        private readonly Lock _lock = new();

        public List<string> Names { get; } = [];

        public List<Guid> Transactions { get; } = [];

        public void Add(string name, FerryDbContext db)
        {
            lock (_lock)
            {
                Names.Add(name);
                Transactions.Add(db.Database.CurrentTransaction!.TransactionId);
            }
        }
    }
}
