using Ferry.Core.Persistence;
using Ferry.Core.Telemetry;

namespace Ferry.Data.Sqlite;

/// <summary>
/// One writer at a time per SQLite file, waited for asynchronously. With telemetry, each wait is recorded on
/// <c>ferry.sqlite.write_gate.wait</c> (docs/architecture.md §9); an uncontended entry records (near) zero. A store
/// opened outside the server (the CLI's local store) has neither telemetry nor a clock registered.
/// </summary>
internal sealed class SqliteWriteGate(FerryTelemetry? telemetry = null, TimeProvider? time = null) : IStoreWriteGate, IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <inheritdoc />
    public bool GroupsCommits => true;

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (telemetry?.WriteGateWait is not { Enabled: true } wait)
        {
            await _semaphore.WaitAsync(cancellationToken);
            return new Release(_semaphore);
        }

        var started = _time.GetTimestamp();
        await _semaphore.WaitAsync(cancellationToken);
        wait.Record(_time.GetElapsedTime(started).TotalSeconds);
        return new Release(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
