using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ferry.Core.Persistence;

/// <summary>
/// Runs the job store's writes (docs/architecture.md §11.1). Where one writer holds the database at a time
/// (<see cref="IStoreWriteGate.GroupsCommits"/>, SQLite), writes that arrive while a commit is in flight queue up; the
/// next writer through the gate takes everything queued (at most <see cref="MaxBatch"/>), runs each in its own
/// savepoint of one transaction, commits once, and only then completes each caller: one fsync for the batch, every
/// write acknowledged only once it is durable. A write that fails or reports nothing to keep rolls back to its
/// savepoint only and gets its own outcome; a failed commit fails every write of the batch. Elsewhere (PostgreSQL,
/// where several instances may share the database) each write runs alone in its own transaction.
/// </summary>
public sealed class GroupCommitWriter(IDbContextFactory<FerryDbContext> contexts, IStoreWriteGate writeGate)
{
    /// <summary>The most writes one transaction carries.</summary>
    public const int MaxBatch = 64;

    private readonly ConcurrentQueue<Pending> _queue = new();

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and returns its value once the transaction has committed (or
    /// once it was rolled back, when the write asked for that). <paramref name="committed"/> runs after the commit,
    /// before the caller resumes. Cancellation stops a write only while it waits its turn.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed, CancellationToken cancellationToken)
    {
        if (!writeGate.GroupsCommits)
        {
            return await RunAloneAsync(write, committed, cancellationToken);
        }

        var pending = new Pending<T>(write, committed);
        _queue.Enqueue(pending);
        while (!pending.Result.IsCompleted)
        {
            IDisposable gate;
            try
            {
                gate = await writeGate.EnterAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (pending.TryAbandon())
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                break; // Already taken by a batch, which completes it: wait for its outcome.
            }

            using (gate)
            {
                // Each batch takes at least one queued write, and this one is queued until a batch takes it.
                while (!pending.Result.IsCompleted)
                {
                    await RunBatchAsync();
                }
            }
        }

#pragma warning disable VSTHRD003 // The task is this call's own write, completed by whichever caller ran its batch.
        return await pending.Result;
#pragma warning restore VSTHRD003
    }

    private async Task<T> RunAloneAsync<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await write(db, cancellationToken);
        if (outcome.Keep)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        committed?.Invoke(outcome.Value);
        return outcome.Value;
    }

    /// <summary>Takes up to <see cref="MaxBatch"/> queued writes and commits them together. The caller holds the gate.</summary>
    private async Task RunBatchAsync()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                batch.Add(next);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        // The batch belongs to every caller in it: no one caller's cancellation may abandon the others' writes.
        var none = CancellationToken.None;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(none);
            await using var transaction = await db.Database.BeginTransactionAsync(none);
            for (var i = 0; i < batch.Count; i++)
            {
                await RunOneAsync(db, transaction, batch[i], "ferry_write_" + i);
            }

            await transaction.CommitAsync(none);
        }
        catch (Exception e)
        {
            // Nothing of the batch is durable: no write is acknowledged, each caller sees the failure.
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            return;
        }

        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    /// <summary>
    /// One write in its own savepoint. A write that keeps nothing, or fails, is rolled back to the savepoint; a failure
    /// to roll back (the transaction itself is gone) escapes and fails the batch.
    /// </summary>
    private static async Task RunOneAsync(FerryDbContext db, IDbContextTransaction transaction, Pending pending, string savepoint)
    {
        var none = CancellationToken.None;
        await transaction.CreateSavepointAsync(savepoint, none);
        try
        {
            if (await pending.RunAsync(db, none))
            {
                await transaction.ReleaseSavepointAsync(savepoint, none);
            }
            else
            {
                await transaction.RollbackToSavepointAsync(savepoint, none);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await transaction.RollbackToSavepointAsync(savepoint, none);
            pending.Fail(e);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>What a write returns: its value, and whether its changes are kept.</summary>
    /// <param name="Value">The write's result for its caller.</param>
    /// <param name="Keep">False to roll the write's changes back (a lost race, a refused insert).</param>
    public readonly record struct Outcome<T>(T Value, bool Keep);

    private abstract class Pending
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Abandoned = 2;

        private int _state;

        /// <summary>Claims the write for a batch; false when its caller gave up waiting.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>Withdraws the write; false when a batch has already taken it.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

        public abstract Task<bool> RunAsync(FerryDbContext db, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed) : Pending
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

#pragma warning disable VSTHRD003 // Completed by whichever caller ran the batch; nothing here depends on a context.
        public Task<T> Result => _result.Task;
#pragma warning restore VSTHRD003

        public override async Task<bool> RunAsync(FerryDbContext db, CancellationToken cancellationToken)
        {
            var outcome = await write(db, cancellationToken);
            _value = outcome.Value;
            return outcome.Keep;
        }

        public override void Complete()
        {
            if (_result.Task.IsCompleted)
            {
                return; // Failed on its own, inside the batch.
            }

            try
            {
                committed?.Invoke(_value);
            }
            finally
            {
                _result.TrySetResult(_value);
            }
        }

        public override void Fail(Exception exception) => _result.TrySetException(exception);
    }
}
