// The tests await signals (TaskCompletionSource) they complete themselves; there is no context to deadlock on.
#pragma warning disable VSTHRD003
using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>The engine's byte budget for blocks in flight (docs/architecture.md §11.4): never more buffers out than it allows.</summary>
public sealed class TransferBuffersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_budget_is_counted_in_whole_buffers_and_allows_one_at_least()
    {
        Assert.Equal(16, new TransferBuffers(64 * 1024 * 1024, 4 * 1024 * 1024).Capacity);
        Assert.Equal(2, new TransferBuffers((9 * 1024) - 1, 4 * 1024).Capacity);
        Assert.Equal(1, new TransferBuffers(10, 4 * 1024).Capacity);
    }

    [Fact]
    public async Task A_renter_beyond_the_budget_waits_until_a_buffer_comes_back_and_then_gets_that_buffer()
    {
        var buffers = new TransferBuffers(3 * 1024, 1024);
        var held = new[] { await buffers.RentAsync(Ct), await buffers.RentAsync(Ct), await buffers.RentAsync(Ct) };
        Assert.Equal(3, buffers.Out);

        var fourth = buffers.RentAsync(Ct).AsTask();
        var fifth = buffers.RentAsync(Ct).AsTask();
        Assert.False(fourth.IsCompleted);
        Assert.False(fifth.IsCompleted);
        Assert.Equal(2, buffers.Waiting);

        buffers.Return(held[1]);
        Assert.Same(held[1], await fourth);
        Assert.False(fifth.IsCompleted);

        buffers.Return(held[0]);
        Assert.Same(held[0], await fifth);
        Assert.Equal(3, buffers.Out);
        Assert.Equal(3, buffers.PeakOut);
        Assert.Equal(3, buffers.Allocated);
    }

    [Fact]
    public async Task Many_concurrent_renters_never_hold_more_than_the_budget_and_buffers_are_reused()
    {
        var buffers = new TransferBuffers(4 * 1024, 1024);
        var holding = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renters = Enumerable.Range(0, 40).Select(async i =>
        {
            var buffer = await buffers.RentAsync(Ct);
            var now = Interlocked.Increment(ref holding);
            InterlockedMax(ref most, now);
            if (i < 4)
            {
                // The first four hold their buffers until every other renter is queued behind them.
                await release.Task;
            }

            Interlocked.Decrement(ref holding);
            buffers.Return(buffer);
        }).ToList();

        Assert.Equal(4, buffers.Out);
        Assert.Equal(36, buffers.Waiting);
        release.SetResult();
        await Task.WhenAll(renters);

        Assert.True(most <= 4, $"{most} buffers were held at once");
        Assert.Equal(4, buffers.PeakOut);
        Assert.Equal(4, buffers.Allocated);
        Assert.Equal(0, buffers.Out);
        Assert.Equal(0, buffers.Waiting);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_without_a_buffer_and_the_next_one_is_served()
    {
        var buffers = new TransferBuffers(1024, 1024);
        var held = await buffers.RentAsync(Ct);
        using var cancel = new CancellationTokenSource();
        var cancelled = buffers.RentAsync(cancel.Token).AsTask();
        var next = buffers.RentAsync(Ct).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, buffers.Waiting);

        buffers.Return(held);
        Assert.Same(held, await next);
        Assert.Equal(1, buffers.Out);
    }

    [Fact]
    public void A_buffer_of_another_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TransferBuffers(4096, 1024).Return(new byte[512]));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
