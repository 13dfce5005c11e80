using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ferry.Core.Persistence;

/// <summary>
/// Runs the job store's writes (docs/architecture.md §11.1, §11.8). Where the gate groups commits
/// (<see cref="IStoreWriteGate.GroupsCommits"/>: SQLite, PostgreSQL), writes that arrive while a batch is in flight
/// queue up; the next writer through <see cref="IStoreWriteGate.EnterBatchAsync"/> takes everything queued (at most
/// <see cref="MaxBatch"/>), runs each in its own savepoint of one transaction, commits once, and only then completes
/// each caller: one commit (one fsync, one WAL flush) for the batch, every write acknowledged only once it is durable.
/// A write that fails or reports nothing to keep rolls back to its savepoint only and gets its own outcome; a failed
/// commit fails every write of the batch. Where other instances share the database (<see cref="IStoreWriteGate.Shared"/>),
/// a batch that meets their locks (a deadlock, a serialization failure) or whose commit the database refuses is rolled
/// back and each of its writes is rerun alone, so none is lost or applied twice. Elsewhere each write runs alone.
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
    public Task<T> RunAsync<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed, CancellationToken cancellationToken) =>
        RunAsync(write, committed, undo: null, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{FerryDbContext, CancellationToken, Task{Outcome{T}}}, Action{T}?, CancellationToken)"/>;
    /// <paramref name="undo"/> runs before the write is run again alone after its batch was rolled back
    /// (docs/architecture.md §11.8), to put back in the caller's objects what the write set itself (keys a statement
    /// returned). Keys EF Core's change tracker wrote are put back without it.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed, Action? undo, CancellationToken cancellationToken)
    {
        if (!writeGate.GroupsCommits)
        {
            return await RunAloneAsync(write, committed, cancellationToken);
        }

        var pending = new Pending<T>(write, committed) { OnUndo = undo };
        _queue.Enqueue(pending);
        while (!pending.Result.IsCompleted)
        {
            IDisposable gate;
            try
            {
                gate = await writeGate.EnterBatchAsync(cancellationToken);
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

    /// <summary>Takes up to <see cref="MaxBatch"/> queued writes and commits them together. The caller holds the batch gate.</summary>
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
        var rerun = false;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(none);
            await using var transaction = await db.Database.BeginTransactionAsync(none);

            // Each write has a savepoint of its own, so EF Core's own savepoint around every SaveChanges would only add
            // two statements (two round trips on PostgreSQL) per SaveChanges. A write never goes on after a failed
            // statement: it returns or throws, and is rolled back to its savepoint.
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                for (var i = 0; i < batch.Count && !rerun; i++)
                {
                    rerun = !await RunOneAsync(db, transaction, batch[i], "ferry_write_" + i);
                }
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true; // The context goes back to the pool.
            }

            if (rerun)
            {
                await transaction.RollbackAsync(none);
            }
            else
            {
                try
                {
                    await transaction.CommitAsync(none);
                }
                catch (Exception e) when (writeGate.AbortsBatch(e, atCommit: true))
                {
                    rerun = true; // The database refused the commit: nothing of the batch is durable.
                }
            }
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

        if (rerun)
        {
            // Rolled back as a whole: each write not failed on its own runs again, alone, in arrival order, still under
            // the batch gate (this instance's next batch cannot cross it), and gets the outcome it has on its own.
            foreach (var pending in batch.Where(p => !p.IsCompleted))
            {
                await RerunAloneAsync(pending);
            }

            return;
        }

        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    /// <summary>Reruns one write of a batch that was rolled back, in a transaction of its own, and completes it.</summary>
    private async Task RerunAloneAsync(Pending pending)
    {
        var none = CancellationToken.None;
        pending.Undo();
        try
        {
            await using var db = await contexts.CreateDbContextAsync(none);
            await using var transaction = await db.Database.BeginTransactionAsync(none);
            if (await pending.RunAsync(db, track: false, none))
            {
                await transaction.CommitAsync(none);
            }
            else
            {
                await transaction.RollbackAsync(none);
            }
        }
        catch (Exception e)
        {
            pending.Fail(e);
            return;
        }

        pending.Complete();
    }

    /// <summary>
    /// One write in its own savepoint. A write that keeps nothing, or fails, is rolled back to the savepoint; a failure
    /// to roll back (the transaction itself is gone) fails the batch with the write's own exception. False when the write met a conflict
    /// that gives up the whole batch (<see cref="IStoreWriteGate.AbortsBatch"/>): the write is not failed, it is rerun.
    /// </summary>
    private async Task<bool> RunOneAsync(FerryDbContext db, IDbContextTransaction transaction, Pending pending, string savepoint)
    {
        var none = CancellationToken.None;
        await transaction.CreateSavepointAsync(savepoint, none);
        try
        {
            if (await pending.RunAsync(db, track: writeGate.Shared, none))
            {
                await transaction.ReleaseSavepointAsync(savepoint, none);
            }
            else
            {
                await transaction.RollbackToSavepointAsync(savepoint, none);
            }
        }
        catch (Exception e) when (writeGate.AbortsBatch(e, atCommit: false))
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            try
            {
                await transaction.RollbackToSavepointAsync(savepoint, none);
            }
            catch (Exception)
            {
                // The transaction is gone (with its connection, in a database outage): the write's own failure, which
                // says why, fails the batch, not the rollback's "transaction is already completed".
                ExceptionDispatchInfo.Throw(e);
            }

            pending.Fail(e);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return true;
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

        // What the write's entities held when the context first tracked them (keys, foreign keys, generated values),
        // recorded only where a batch may be rerun: a rolled-back batch leaves the keys it was given in the caller's
        // objects, and a rerun must start from what the caller passed.
        private List<(object Entity, PropertyInfo Property, object? Value)>? _written;
        private HashSet<object>? _seen;

        /// <summary>What the caller puts back itself before a rerun.</summary>
        public Action? OnUndo { get; init; }

        /// <summary>Claims the write for a batch; false when its caller gave up waiting.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>Withdraws the write; false when a batch has already taken it.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

        public abstract bool IsCompleted { get; }

        /// <summary>Runs the write; with <paramref name="track"/>, first records what <see cref="Undo"/> restores.</summary>
        public async Task<bool> RunAsync(FerryDbContext db, bool track, CancellationToken cancellationToken)
        {
            if (!track)
            {
                return await RunWriteAsync(db, cancellationToken);
            }

            db.ChangeTracker.Tracked += OnTracked;
            db.ChangeTracker.StateChanged += OnStateChanged;
            try
            {
                return await RunWriteAsync(db, cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Tracked -= OnTracked;
                db.ChangeTracker.StateChanged -= OnStateChanged;
            }
        }

        /// <summary>Puts back, in the caller's objects, what the write's rolled-back batch wrote into them.</summary>
        public void Undo()
        {
            OnUndo?.Invoke();
            if (_written is null)
            {
                return;
            }

            foreach (var (entity, property, value) in _written)
            {
                property.SetValue(entity, value);
            }

            _written = null;
            _seen = null;
        }

        protected abstract Task<bool> RunWriteAsync(FerryDbContext db, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        private void OnTracked(object? sender, EntityTrackedEventArgs e)
        {
            if (!e.FromQuery)
            {
                Record(e.Entry);
            }
        }

        private void OnStateChanged(object? sender, EntityStateChangedEventArgs e) => Record(e.Entry);

        private void Record(EntityEntry entry)
        {
            _seen ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
            if (!_seen.Add(entry.Entity))
            {
                return;
            }

            _written ??= [];
            foreach (var property in entry.Metadata.GetProperties())
            {
                if ((property.IsKey() || property.IsForeignKey() || property.ValueGenerated != ValueGenerated.Never)
                    && property.PropertyInfo is { CanRead: true, CanWrite: true } clr)
                {
                    _written.Add((entry.Entity, clr, clr.GetValue(entry.Entity)));
                }
            }
        }
    }

    private sealed class Pending<T>(Func<FerryDbContext, CancellationToken, Task<Outcome<T>>> write, Action<T>? committed) : Pending
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

#pragma warning disable VSTHRD003 // Completed by whichever caller ran the batch; nothing here depends on a context.
        public Task<T> Result => _result.Task;
#pragma warning restore VSTHRD003

        public override bool IsCompleted => _result.Task.IsCompleted;

        protected override async Task<bool> RunWriteAsync(FerryDbContext db, CancellationToken cancellationToken)
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
