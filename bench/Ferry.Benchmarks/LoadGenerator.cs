using System.Diagnostics;

namespace Ferry.Benchmarks;

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers each send one request, read the whole response, and
/// send the next, until the slice's time is up or its request budget is spent. Both bounds always apply.
/// </summary>
internal sealed class LoadGenerator(HttpClient client, int concurrency, long maxRequestsPerSlice)
{
    private const int MaxFailureText = 600;

    /// <summary>Runs <paramref name="operation"/> for <paramref name="duration"/> (or until the request budget is spent).</summary>
    public async Task<SliceResult> RunSliceAsync(LoadOperation operation, TimeSpan duration, CancellationToken cancellationToken)
    {
        var state = new SliceState(maxRequestsPerSlice);
        var started = Stopwatch.GetTimestamp();
        var workers = new Task<List<long>>[concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(operation, state, started, duration, cancellationToken), cancellationToken);
        }

        var latencies = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new SliceResult(operation.Name, elapsed, [.. latencies.SelectMany(l => l)], state.Failures, state.FirstFailure);
    }

    private async Task<List<long>> WorkerAsync(LoadOperation operation, SliceState state, long started, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<long>(4096);
        while (Stopwatch.GetElapsedTime(started) < duration && state.TryTakeRequest())
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = operation.CreateRequest();
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == operation.ExpectedStatus)
                {
                    // Read the whole body so the connection is reused, without keeping it.
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await body.CopyToAsync(Stream.Null, cancellationToken);
                    latencies.Add(Stopwatch.GetTimestamp() - sent);
                }
                else
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    state.Fail($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}");
                }
            }
            catch (HttpRequestException e)
            {
                state.Fail($"{request.Method} {request.RequestUri} -> {e.GetType().Name}: {e.Message}");
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                state.Fail($"{request.Method} {request.RequestUri} -> timed out: {e.Message}");
            }
        }

        return latencies;
    }

    private static string Truncate(string text) => text.Length <= MaxFailureText ? text : text[..MaxFailureText] + "…";

    private sealed class SliceState(long maxRequests)
    {
        private long _issued;
        private long _failures;
        private string? _firstFailure;

        public long Failures => Interlocked.Read(ref _failures);

        public string? FirstFailure => Volatile.Read(ref _firstFailure);

        public bool TryTakeRequest() => Interlocked.Increment(ref _issued) <= maxRequests;

        public void Fail(string description)
        {
            Interlocked.Increment(ref _failures);
            Interlocked.CompareExchange(ref _firstFailure, description, null);
        }
    }
}
