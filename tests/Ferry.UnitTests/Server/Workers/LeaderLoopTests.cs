// The tests await the workers' own tasks and channels, which complete on the thread pool: no context to deadlock on.
#pragma warning disable VSTHRD003
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Telemetry;
using Ferry.Server.Workers;
using Ferry.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ferry.UnitTests.Server.Workers;

/// <summary>
/// Loops with a leader lease (<see cref="LoopWorker"/> with <c>LeaderLease</c>), as two instances sharing one SQLite
/// store and one fake clock: only the holder runs passes, it renews during long waits, and the other instance takes
/// over after a graceful stop or once a dead holder's lease lapses. Synchronised on the loops' own signals.
/// </summary>
public sealed class LeaderLoopTests : IDisposable
{
    private static readonly TimeSpan _lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _half = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan _passWait = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each instance has its own meter factory, as each server process has: its ferry.leader.leases gauge is its own.
    private readonly Dictionary<string, ServiceProvider> _meters = [];

    private LeaderLeases Leases(StoreEngine engine, string owner)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meters[owner] = meters;
        return new(engine.LeaderLeases, new InstanceIdentity(owner), Options.Create(new WorkerOptions { LeaderLeaseDuration = _lease }),
            new FerryTelemetry(meters.GetRequiredService<IMeterFactory>()));
    }

    public void Dispose()
    {
        foreach (var meters in _meters.Values)
        {
            meters.Dispose();
        }
    }

    private ScriptedLeaderWorker Worker(StoreEngine engine, string owner) => new(Leases(engine, owner), engine.Clock, _passWait);

    /// <summary>The <c>ferry.leader.leases</c> gauge of <paramref name="owner"/>'s instance for the scripted loop's lease, read now.</summary>
    private long LeaseGauge(string owner)
    {
        var scope = _meters[owner].GetRequiredService<IMeterFactory>();
        long? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name == "ferry.leader.leases")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measured, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "ferry.lease" && (string?)tag.Value == ScriptedLeaderWorker.LeaseName)
                {
                    value = measured;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException("The gauge reported no value for the lease.");
    }

    [Fact]
    public async Task Only_the_lease_holder_runs_passes_and_the_other_instance_takes_over_at_its_next_look_after_a_graceful_stop()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var a = Worker(engine, "a");
        var b = Worker(engine, "b");
        await a.StartAsync(Ct);
        await a.Passes.Reader.ReadAsync(Ct);
        Assert.Equal(_half, await a.Waits.Reader.ReadAsync(Ct));
        await b.StartAsync(Ct);
        Assert.Equal(_half, await b.Waits.Reader.ReadAsync(Ct));
        Assert.Equal((true, false, 0), (a.IsLeader, b.IsLeader, b.Count));
        Assert.Equal((1, 0), (LeaseGauge("a"), LeaseGauge("b")));

        await a.StopAsync(Ct);
        Assert.False(a.IsLeader);
        Assert.Null(await engine.LeaderLeases.FindOrNullAsync(ScriptedLeaderWorker.LeaseName, Ct));
        engine.Clock.Advance(_half);
        await b.Passes.Reader.ReadAsync(Ct);

        Assert.True(b.IsLeader);
        Assert.Equal("b", (await engine.LeaderLeases.FindOrNullAsync(ScriptedLeaderWorker.LeaseName, Ct))?.Owner);
        Assert.Equal((0, 1), (LeaseGauge("a"), LeaseGauge("b")));
        Assert.Equal(1, a.Count);
        await b.StopAsync(Ct);
    }

    [Fact]
    public async Task The_leader_renews_its_lease_during_a_wait_longer_than_the_lease_so_the_other_instance_never_runs()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var a = Worker(engine, "a");
        var b = Worker(engine, "b");
        await a.StartAsync(Ct);
        await a.Passes.Reader.ReadAsync(Ct);
        await a.Waits.Reader.ReadAsync(Ct);
        await b.StartAsync(Ct);
        await b.Waits.Reader.ReadAsync(Ct);

        // Four half-leases: a renews at each, b looks at each; at one minute a's pass is due again.
        for (var step = 0; step < 4; step++)
        {
            engine.Clock.Advance(_half);
            Assert.Equal(_half, await a.Waits.Reader.ReadAsync(Ct));
            Assert.Equal(_half, await b.Waits.Reader.ReadAsync(Ct));
        }

        Assert.Equal((2, 0), (a.Count, b.Count));
        Assert.Equal((true, false), (a.IsLeader, b.IsLeader));
        var lease = await engine.LeaderLeases.FindOrNullAsync(ScriptedLeaderWorker.LeaseName, Ct);
        Assert.Equal(("a", engine.Clock.GetUtcNow() + _lease), (lease?.Owner, lease?.ExpiresAt));
        await a.StopAsync(Ct);
        await b.StopAsync(Ct);
    }

    [Fact]
    public async Task A_dead_leader_s_loop_is_taken_over_once_its_lease_lapses()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        Assert.True(await engine.LeaderLeases.TryAcquireAsync(ScriptedLeaderWorker.LeaseName, "dead", engine.Clock.GetUtcNow(), _lease, Ct));
        var b = Worker(engine, "b");
        await b.StartAsync(Ct);
        await b.Waits.Reader.ReadAsync(Ct);

        engine.Clock.Advance(_half);
        await b.Waits.Reader.ReadAsync(Ct);
        Assert.Equal((false, 0), (b.IsLeader, b.Count));
        engine.Clock.Advance(_half);
        await b.Passes.Reader.ReadAsync(Ct);

        Assert.True(b.IsLeader);
        await b.StopAsync(Ct);
    }

    [Fact]
    public async Task The_housekeeping_workers_of_two_instances_share_the_sweeper_lease()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var a = Housekeeping(engine, "a");
        var b = Housekeeping(engine, "b");
        var aWaits = Channel.CreateUnbounded<TimeSpan>();
        var bWaits = Channel.CreateUnbounded<TimeSpan>();
        a.Waiting = w => aWaits.Writer.TryWrite(w);
        b.Waiting = w => bWaits.Writer.TryWrite(w);

        await a.StartAsync(Ct);
        await aWaits.Reader.ReadAsync(Ct);
        await b.StartAsync(Ct);
        await bWaits.Reader.ReadAsync(Ct);

        Assert.Equal((true, false), (a.IsLeader, b.IsLeader));
        Assert.Equal("a", (await engine.LeaderLeases.FindOrNullAsync(HousekeepingWorker.LeaseName, Ct))?.Owner);
        await a.StopAsync(Ct);
        await b.StopAsync(Ct);
    }

    private HousekeepingWorker Housekeeping(StoreEngine engine, string owner) => new(
        engine.Services.GetRequiredService<JobSweeper>(),
        engine.Services.GetRequiredService<IOptions<JobRulesOptions>>(),
        Leases(engine, owner),
        engine.Clock,
        new StubLifetime(),
        NullLogger<HousekeepingWorker>.Instance);

    private sealed class ScriptedLeaderWorker : LoopWorker
    {
        public const string LeaseName = "scripted";

        private readonly TimeSpan _wait;

        public ScriptedLeaderWorker(LeaderLeases leases, TimeProvider time, TimeSpan wait)
            : base(time, new StubLifetime(), NullLogger.Instance, leases)
        {
            _wait = wait;
            Waiting = w => Waits.Writer.TryWrite(w);
        }

        public Channel<int> Passes { get; } = Channel.CreateUnbounded<int>();

        public Channel<TimeSpan> Waits { get; } = Channel.CreateUnbounded<TimeSpan>();

        public int Count { get; private set; }

        protected override string? LeaderLease => LeaseName;

        protected override Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
        {
            Count++;
            Passes.Writer.TryWrite(Count);
            return Task.FromResult(_wait);
        }
    }

    private sealed class StubLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
