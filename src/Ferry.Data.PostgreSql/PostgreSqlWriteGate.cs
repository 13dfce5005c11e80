using Ferry.Core.Persistence;
using Npgsql;

namespace Ferry.Data.PostgreSql;

/// <summary>
/// The write gate of a PostgreSQL store (docs/architecture.md §11.8). Rows lock individually, so every writer enters
/// at once; the job writes of this instance group into batches, one batch at a time, each one transaction and one
/// commit. Other instances share the database, so a batch can meet their locks: a deadlock or serialization failure
/// inside it, or a commit the server refused, gives the batch up and the writer reruns each of its writes alone.
/// </summary>
internal sealed class PostgreSqlWriteGate : IStoreWriteGate, IDisposable
{
    private readonly SemaphoreSlim _batches = new(1, 1);

    /// <inheritdoc />
    public bool GroupsCommits => true;

    /// <inheritdoc />
    public bool Shared => true;

    /// <inheritdoc />
    public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => IStoreWriteGate.Open.EnterAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IDisposable> EnterBatchAsync(CancellationToken cancellationToken)
    {
        await _batches.WaitAsync(cancellationToken);
        return new Release(_batches);
    }

    /// <summary>
    /// Inside a batch, an error of class 40 (transaction rollback: deadlock <c>40P01</c>, serialization failure
    /// <c>40001</c>): the server chose this transaction to give way to another. At the commit, an error (severity
    /// <c>ERROR</c>) the server answered with: a commit the server refuses is rolled back (a deferred constraint one
    /// write broke, a serialization failure). A lost connection or a session the server ended (<c>FATAL</c>, a server
    /// shutting down) is neither: whether its commit happened is not certain, so rerunning could apply a write twice.
    /// </summary>
    public bool AbortsBatch(Exception exception, bool atCommit)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return atCommit
                    ? postgres.InvariantSeverity == "ERROR" // not FATAL: a server going down ends the session, not just the commit
                    : postgres.SqlState.StartsWith("40", StringComparison.Ordinal);
            }
        }

        return false;
    }

    public void Dispose() => _batches.Dispose();

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
