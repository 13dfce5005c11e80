// The tests await the worker's own tasks, which run on the thread pool: no context to deadlock on.
#pragma warning disable VSTHRD003
using Ferry.Server.Hosting;
using Ferry.Server.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.UnitTests.Server.Workers;

/// <summary>The loop every worker shares: passes, waits on the fake clock, wake-ups, status, and stopping the host on failure.</summary>
public sealed class LoopWorkerTests
{
    [Fact]
    public async Task A_pass_runs_again_after_the_returned_wait_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider();
        var worker = new ScriptedWorker(clock, wait: TimeSpan.FromMinutes(1));
        var waits = System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();
        worker.Waiting = w => waits.Writer.TryWrite(w);
        await worker.StartAsync(TestContext.Current.CancellationToken);
        await worker.Passes.Reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromMinutes(1), await waits.Reader.ReadAsync(TestContext.Current.CancellationToken));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(worker.Passes.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        await worker.Passes.Reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(WorkerStatus.Running, worker.Status);
        await worker.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(WorkerStatus.Stopped, worker.Status);
    }

    [Fact]
    public async Task A_wake_up_ends_the_wait_early()
    {
        var clock = new FakeTimeProvider();
        var worker = new ScriptedWorker(clock, wait: TimeSpan.FromHours(1));
        await worker.StartAsync(TestContext.Current.CancellationToken);
        await worker.Passes.Reader.ReadAsync(TestContext.Current.CancellationToken);

        worker.Wake();
        await worker.Passes.Reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, worker.Count);
        await worker.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_failing_pass_marks_the_worker_failed_and_stops_the_host()
    {
        var lifetime = new StubLifetime();
        var worker = new ScriptedWorker(new FakeTimeProvider(), wait: TimeSpan.FromMinutes(1), lifetime, fail: true);

        await worker.StartAsync(TestContext.Current.CancellationToken);
        await worker.ExecuteTask!;

        Assert.Equal(WorkerStatus.Failed, worker.Status);
        Assert.True(lifetime.StopRequested);
    }

    [Fact]
    public async Task A_transient_database_failure_is_tried_again_after_a_doubling_wait_and_does_not_stop_the_host()
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StubLifetime();
        var worker = new ScriptedWorker(clock, wait: TimeSpan.FromHours(1), lifetime, transientFailures: 2);
        var waits = System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();
        worker.Waiting = w => waits.Writer.TryWrite(w);
        await worker.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LoopWorker.FirstRetryWait, await waits.Reader.ReadAsync(TestContext.Current.CancellationToken));
        clock.Advance(LoopWorker.FirstRetryWait);
        Assert.Equal(LoopWorker.FirstRetryWait * 2, await waits.Reader.ReadAsync(TestContext.Current.CancellationToken));
        clock.Advance(LoopWorker.FirstRetryWait * 2 - TimeSpan.FromTicks(1));
        Assert.False(worker.Passes.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromTicks(1));
        await worker.Passes.Reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(WorkerStatus.Running, worker.Status);
        Assert.False(lifetime.StopRequested);
        await worker.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(true, null, false, true)]
    [InlineData(false, "08006", false, true)]
    [InlineData(false, "57P01", true, true)]
    [InlineData(false, "23505", false, false)]
    [InlineData(false, null, true, false)]
    public void A_database_failure_is_transient_when_its_provider_or_its_connection_class_SQLSTATE_says_so_also_when_wrapped(bool transient, string? sqlState, bool wrapped, bool expected)
    {
        Exception failure = new FakeDbException(transient, sqlState);
        if (wrapped)
        {
            failure = new InvalidOperationException("An EF Core wrapper.", failure);
        }

        Assert.Equal(expected, DatabaseFailures.IsTransient(failure));
        Assert.False(DatabaseFailures.IsTransient(new InvalidOperationException("The store is gone.")));
    }

    [Fact]
    public async Task A_disabled_worker_never_runs_a_pass()
    {
        var worker = new ScriptedWorker(new FakeTimeProvider(), wait: TimeSpan.FromMinutes(1), enabled: false);

        await worker.StartAsync(TestContext.Current.CancellationToken);
        await worker.ExecuteTask!;

        Assert.Equal(WorkerStatus.Disabled, worker.Status);
        Assert.Equal(0, worker.Count);
    }

    private sealed class FakeDbException(bool transient, string? sqlState) : System.Data.Common.DbException("A database failure.")
    {
        public override bool IsTransient => transient;

        public override string? SqlState => sqlState;
    }

    private sealed class ScriptedWorker(TimeProvider time, TimeSpan wait, IHostApplicationLifetime? lifetime = null, bool fail = false, bool enabled = true, int transientFailures = 0)
        : LoopWorker(time, lifetime ?? new StubLifetime(), NullLogger.Instance)
    {
        private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Threading.Channels.Channel<int> Passes { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

        public int Count { get; private set; }

        public void Wake() => _wake.TrySetResult();

        protected override bool Enabled => enabled;

        protected override Task? NextWakeOrNullAsync()
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _wake.Task;
        }

        protected override Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
        {
            if (fail)
            {
                throw new InvalidOperationException("The store is gone.");
            }

            if (transientFailures-- > 0)
            {
                throw new FakeDbException(transient: true, sqlState: null);
            }

            Count++;
            Passes.Writer.TryWrite(Count);
            return Task.FromResult(wait);
        }
    }

    private sealed class StubLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
