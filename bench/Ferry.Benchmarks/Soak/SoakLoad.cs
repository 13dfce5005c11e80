using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ferry.Benchmarks.Soak;

/// <summary>
/// The soak's classic load: <c>workers</c> workers, paced together to <c>rate</c> requests per second, each repeating
/// one job's life: Put Job, Get Job, Update Job Properties (FriendlyName), Get Job of a base job, List Jobs, Delete
/// Job. A response with another status than the contract's, a transport failure or a timeout is an error; a cycle
/// whose Put Job failed ends there. Every Put and Delete that succeeds adds the webhook event it must cause.
/// </summary>
internal sealed class SoakLoad(HttpClient client, ClassicClient classic, SoakBenchOptions options, int baseJobs)
{
    private const int MaxFailureText = 400;
    private const int KeptFailures = 5;

    private static readonly MediaTypeHeaderValue _json = new("application/json");

    private readonly long[] _done = new long[Operations.Length];
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentBag<string> _expectedEvents = [];
    private long _errors;

    /// <summary>The operations of one cycle, in order.</summary>
    public static readonly string[] Operations = ["Put Job", "Get Job", "Update Job Properties", "Get Job (base)", "List Jobs", "Delete Job"];

    /// <summary>Requests answered as expected, all operations together.</summary>
    public long Requests => RequestsByOperation.Sum();

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Requests answered as expected, per operation (in the order of <see cref="Operations"/>).</summary>
    public IReadOnlyList<long> RequestsByOperation => [.. Enumerable.Range(0, _done.Length).Select(i => Interlocked.Read(ref _done[i]))];

    /// <summary>The first few failures, described.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>The webhook events (<see cref="WebhookSink.Key"/>) the load's successful requests must have caused.</summary>
    public IReadOnlyCollection<string> ExpectedEvents => _expectedEvents;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; a cycle in flight is abandoned mid-way.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkerAsync(w, started, cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers);
    }

    private async Task WorkerAsync(int worker, long started, CancellationToken cancellationToken)
    {
        // Worker w sends request k at (k × workers + w) / rate seconds: together, an even rate. A worker that falls
        // behind by more than a second starts again from now instead of bursting.
        var spacing = TimeSpan.FromSeconds((double)options.Workers / options.Rate);
        var next = TimeSpan.FromSeconds((double)worker / options.Rate);
        async Task<bool> PaceAsync()
        {
            var now = Stopwatch.GetElapsedTime(started);
            if (next > now)
            {
                await Task.Delay(next - now, TimeProvider.System, cancellationToken);
            }
            else if (now - next > TimeSpan.FromSeconds(1))
            {
                next = now;
            }

            next += spacing;
            return !cancellationToken.IsCancellationRequested;
        }

        try
        {
            for (var cycle = 1L; !cancellationToken.IsCancellationRequested; cycle++)
            {
                var name = "soak" + worker.ToString("D2", CultureInfo.InvariantCulture) + cycle.ToString("D7", CultureInfo.InvariantCulture);
                await PaceAsync();
                if (!await SendAsync(0, classic.PutJob(name), HttpStatusCode.Created, cancellationToken))
                {
                    continue;
                }

                _expectedEvents.Add(WebhookSink.Key("job.stateChanged", name, "Creating"));
                await PaceAsync();
                await SendAsync(1, ClassicClient.Get(classic.Job(name)), HttpStatusCode.OK, cancellationToken);
                await PaceAsync();
                await SendAsync(2, Update(name, cycle), HttpStatusCode.OK, cancellationToken);
                await PaceAsync();
                await SendAsync(3, ClassicClient.Get(classic.Job(JobSeeder.Name(Random.Shared.NextInt64(1, baseJobs + 1)))), HttpStatusCode.OK, cancellationToken);
                await PaceAsync();
                await SendAsync(4, ClassicClient.Get(List(cycle)), HttpStatusCode.OK, cancellationToken);
                await PaceAsync();
                var delete = new HttpRequestMessage(HttpMethod.Delete, classic.Job(name)) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                if (await SendAsync(5, delete, HttpStatusCode.OK, cancellationToken))
                {
                    _expectedEvents.Add(WebhookSink.Key("job.deleted", name));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load's time is up.
        }
    }

    /// <summary>Update Job Properties: a new FriendlyName and Description (no state change, so no webhook event).</summary>
    private HttpRequestMessage Update(string name, long cycle)
    {
        var body = "{\"Properties\":{\"FriendlyName\":\"soak " + name + "\",\"Description\":\"cycle " + cycle.ToString(CultureInfo.InvariantCulture) + "\"}}";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = _json;
        return new HttpRequestMessage(HttpMethod.Patch, classic.Job(name)) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = content };
    }

    /// <summary>List Jobs: the first page, or every other cycle the first page of import jobs created in the last day.</summary>
    private Uri List(long cycle)
    {
        var top = options.ListTop.ToString(CultureInfo.InvariantCulture);
        if (cycle % 2 == 0)
        {
            return new Uri($"{classic.JobsCollection}?$top={top}");
        }

        var from = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "Z";
        return new Uri($"{classic.JobsCollection}?type=import&from={from}&$top={top}");
    }

    /// <summary>Sends and disposes <paramref name="request"/>; true when it was answered <paramref name="expected"/>.</summary>
    private async Task<bool> SendAsync(int operation, HttpRequestMessage request, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == expected)
                {
                    Interlocked.Increment(ref _done[operation]);
                    return true;
                }

                Fail($"{Operations[operation]}: {request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}");
            }
            catch (HttpRequestException e)
            {
                Fail($"{Operations[operation]}: {request.Method} {request.RequestUri} -> {e.GetType().Name}: {e.Message}");
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                Fail($"{Operations[operation]}: {request.Method} {request.RequestUri} -> timed out: {e.Message}");
            }

            return false;
        }
    }

    private void Fail(string description)
    {
        var count = Interlocked.Increment(ref _errors);
        if (count <= KeptFailures)
        {
            _failures.Enqueue(description);
            Console.WriteLine($"  ERROR {description}");
        }
    }

    private static string Truncate(string text) => text.Length <= MaxFailureText ? text : text[..MaxFailureText] + "…";
}
