namespace Ferry.Core.Persistence;

/// <summary>
/// Serialises the store's write transactions where the database allows only one writer (SQLite), so that waiting
/// writers queue asynchronously instead of blocking thread-pool threads inside the driver's busy handler.
/// Providers with row-level locking register <see cref="Open"/> or a gate whose <see cref="EnterAsync"/> never waits.
/// </summary>
public interface IStoreWriteGate
{
    /// <summary>Waits for the right to write; dispose the result to release it.</summary>
    ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether job writes that queue while a batch is in flight share one transaction and one commit
    /// (<see cref="GroupCommitWriter"/>). The batches of one gate run one at a time, behind <see cref="EnterBatchAsync"/>.
    /// </summary>
    bool GroupsCommits => false;

    /// <summary>
    /// Waits for the right to run a batch of grouped writes; dispose the result to release it. Where the gate admits
    /// one writer at a time (SQLite) this is <see cref="EnterAsync"/>; where it admits every writer (PostgreSQL) it still
    /// admits one batch of this instance at a time.
    /// </summary>
    ValueTask<IDisposable> EnterBatchAsync(CancellationToken cancellationToken) => EnterAsync(cancellationToken);

    /// <summary>
    /// Whether other processes may write the same database (PostgreSQL, several instances): a batch can then meet their
    /// locks, and <see cref="AbortsBatch"/> says when it must be given up and its writes rerun one by one.
    /// </summary>
    bool Shared => false;

    /// <summary>
    /// Whether <paramref name="exception"/>, raised by a write of a batch (<paramref name="atCommit"/> false) or by the
    /// batch's commit, means that nothing of the batch is durable for a reason that need not be any one write's own: a
    /// deadlock or serialization failure against another transaction, or a commit the database refused. The writer then
    /// rolls the batch back and reruns each of its writes alone, so that each gets its own outcome. False (the default)
    /// for a failure whose outcome is unknown (a connection lost during the commit) or that is the write's own.
    /// </summary>
    bool AbortsBatch(Exception exception, bool atCommit) => false;

    /// <summary>A gate that never waits.</summary>
    static IStoreWriteGate Open { get; } = new OpenGate();

    private sealed class OpenGate : IStoreWriteGate, IDisposable
    {
        public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(this);

        public void Dispose()
        {
        }
    }
}
