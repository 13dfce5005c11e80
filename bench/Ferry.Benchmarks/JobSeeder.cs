using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Ferry.Benchmarks;

/// <summary>
/// Fills the account with real jobs through concurrent Put Job requests. Seeded names are
/// <c>job0000001</c>, <c>job0000002</c>, …; the count and the time allowed are both bounded.
/// </summary>
internal sealed class JobSeeder(HttpClient client, ClassicClient classic, int concurrency, TimeSpan timeout)
{
    private const int MaxFailures = 5;
    private const int MaxAttempts = 3;

    /// <summary>The name of seeded job number <paramref name="index"/> (from 1).</summary>
    public static string Name(long index) => "job" + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>
    /// Creates jobs <paramref name="firstIndex"/> to <paramref name="lastIndex"/> inclusive, in index order as far as
    /// concurrency allows. Stops early, without throwing, when the seed timeout passes; throws when Put Job fails.
    /// </summary>
    public async Task<SeedOutcome> SeedAsync(long firstIndex, long lastIndex, CancellationToken cancellationToken)
    {
        if (lastIndex < firstIndex)
        {
            return new SeedOutcome(0, TimeSpan.Zero, TimedOut: false, 0, null);
        }

        var total = lastIndex - firstIndex + 1;
        var next = firstIndex - 1;
        long created = 0;
        var failures = new List<string>();
        long serverErrors = 0;
        string? firstServerError = null;
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);

        async Task WorkerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index > lastIndex)
                {
                    return;
                }

                var name = Name(index);
                for (var attempt = 1; attempt <= MaxAttempts && !stop.IsCancellationRequested; attempt++)
                {
                    using var request = classic.PutJob(name);
                    try
                    {
                        using var response = await client.SendAsync(request, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref created);
                            break;
                        }

                        var body = await response.Content.ReadAsStringAsync(stop.Token);
                        var failure = $"PUT {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase}: {body}";
                        if ((int)response.StatusCode < 500 || attempt == MaxAttempts)
                        {
                            Record(failure);
                            break;
                        }

                        // A 5xx is retried: Put Job over a Creating job of the same account replaces it (docs/classic-api.md §3.5),
                        // so a retry is safe whether or not the failed attempt created the job. Counted and reported.
                        lock (failures)
                        {
                            serverErrors++;
                            firstServerError ??= failure;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), TimeProvider.System, stop.Token);
                    }
                    catch (HttpRequestException e)
                    {
                        Record($"PUT {request.RequestUri} -> {e.GetType().Name}: {e.Message}");
                        break;
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }

        void Record(string failure)
        {
            lock (failures)
            {
                failures.Add(failure);
                if (failures.Count >= MaxFailures)
                {
                    stop.Cancel();
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)).ToArray();
        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None)) != all)
        {
            var done = Interlocked.Read(ref created);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Console.WriteLine($"  seeded {done:N0}/{total:N0} jobs in {elapsed.TotalSeconds:0} s ({done / elapsed.TotalSeconds:N0}/s)");
        }

        await all;
        cancellationToken.ThrowIfCancellationRequested();
        var took = Stopwatch.GetElapsedTime(started);
        if (failures.Count > 0)
        {
            throw new BenchmarkFailedException(
                $"Seeding failed after {created:N0} of {total:N0} jobs ({serverErrors:N0} 5xx answers retried before); failures after {MaxAttempts} attempts or not retryable:\n  {string.Join("\n  ", failures)}");
        }

        if (created < total)
        {
            Console.WriteLine($"  SEED TIMEOUT: {created:N0} of {total:N0} jobs created in {took.TotalSeconds:0} s; measuring at the count reached.");
            return new SeedOutcome(created, took, TimedOut: true, serverErrors, firstServerError);
        }

        Console.WriteLine($"  seeded {total:N0} jobs in {took.TotalSeconds:0.0} s ({total / took.TotalSeconds:N0}/s); {serverErrors:N0} 5xx answers retried");
        return new SeedOutcome(created, took, TimedOut: false, serverErrors, firstServerError);
    }
}
