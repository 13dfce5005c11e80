namespace Ferry.Core.Persistence;

/// <summary>
/// Serialises the store's write transactions where the database allows only one writer (SQLite), so that waiting
/// writers queue asynchronously instead of blocking thread-pool threads inside the driver's busy handler.
/// Providers with row-level locking register <see cref="Open"/>.
/// </summary>
public interface IStoreWriteGate
{
    /// <summary>Waits for the right to write; dispose the result to release it.</summary>
    ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the gate admits one writer at a time, so that job writes which queue behind it can share one transaction
    /// and one commit (<see cref="GroupCommitWriter"/>).
    /// </summary>
    bool GroupsCommits => false;

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
