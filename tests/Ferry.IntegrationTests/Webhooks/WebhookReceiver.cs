using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>
/// A webhook receiver for one test: a small Kestrel app on 127.0.0.1 over plain HTTP that records every POST (to
/// <c>/events</c>, and to <c>/redirected</c>, where its redirects point) and answers it with the next queued status
/// (200 when none is queued; a 3xx with a <c>Location</c> of <c>/redirected</c>; <see cref="Hang"/>: no answer until
/// the sender gives up). Tests wait on <see cref="NextAsync"/>, which completes when a request has arrived: an explicit
/// signal, never a sleep. It is on loopback, so the server must allow it (<see cref="ServerSettings"/>).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>Safety net for a test that waits for a request that never comes.</summary>
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    /// <summary>A queued answer that never comes: the request stays open until the sender cancels it.</summary>
    public const int Hang = 0;

    /// <summary>
    /// The server settings of a test that uses this receiver: webhooks may reach loopback (docs/architecture.md §8.4),
    /// and an attempt may take up to five minutes of the server's clock. The attempt's deadline runs on the fake clock,
    /// and these tests move that clock (by a minute, or in 5 s steps until a retry arrives) while an attempt that the
    /// receiver has already answered may still be reading the answer; the deadline must lie beyond such moves. The
    /// deadline itself is tested in <c>WebhookTargetTests</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ServerSettings { get; } = new Dictionary<string, string>
    {
        ["Ferry:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Ferry:Webhooks:Timeout"] = "00:05:00",
    };

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly Queue<int> _answers = new();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where to register the webhook: <c>http://127.0.0.1:port/events</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on <paramref name="port"/> (0 for any free one).</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        async Task<IResult> RecordAsync(HttpContext http)
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var status = receiver!.NextAnswer();
            receiver._arrivals.Writer.TryWrite(new ReceivedWebhook(http.Request.Path, headers, body.ToArray(), status));
            if (status == Hang)
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    receiver._abandoned.TrySetResult();
                }

                return Results.Empty;
            }

            if (status is >= 300 and < 400)
            {
                http.Response.Headers.Location = "/redirected";
            }

            return Results.StatusCode(status);
        }

        // A route handler (its result is written), not a RequestDelegate.
        Func<HttpContext, Task<IResult>> handler = RecordAsync;
        app.MapPost("/events", (Delegate)handler);
        app.MapPost("/redirected", (Delegate)handler);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{address.Port}/events"));
        return receiver;
    }

    /// <summary>A loopback port that was free a moment ago (for a receiver that starts listening later).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Queues the statuses of the next answers.</summary>
    public void AnswerNext(params int[] statuses)
    {
        lock (_answers)
        {
            foreach (var status in statuses)
            {
                _answers.Enqueue(status);
            }
        }
    }

    /// <summary>The next request to arrive (or already arrived and not yet taken).</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(_patience);
        try
        {
            return await _arrivals.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No webhook request arrived within {_patience.TotalSeconds} s.");
        }
    }

    /// <summary>Whether a request answered with <see cref="Hang"/> was abandoned by its sender.</summary>
    public bool IsAbandoned => _abandoned.Task.IsCompleted;

    /// <summary>Completes when a request answered with <see cref="Hang"/> was abandoned by its sender (within the patience).</summary>
    public async Task WhenAbandonedAsync()
    {
#pragma warning disable VSTHRD003 // Completed by this receiver's own request handler.
        await _abandoned.Task.WaitAsync(_patience, TimeProvider.System, TestContext.Current.CancellationToken);
#pragma warning restore VSTHRD003
    }

    /// <summary>Takes the next request once it has arrived, or null when none has: never waits.</summary>
    public ReceivedWebhook? TakeOrNull() => _arrivals.Reader.TryRead(out var request) ? request : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private int NextAnswer()
    {
        lock (_answers)
        {
            return _answers.Count > 0 ? _answers.Dequeue() : StatusCodes.Status200OK;
        }
    }
}
