using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Ferry.Benchmarks.Soak;

/// <summary>
/// The soak's webhook receiver: an <see cref="HttpListener"/> on a loopback port over plain HTTP that answers every
/// POST 200, checks its Standard Webhooks signature with the StandardWebhooks library (docs/operator-api.md §3) and
/// records the CloudEvent by id (retries repeat the id), so the benchmark can tell which of the events it caused
/// arrived. The server must be allowed to reach loopback (<c>Ferry:Webhooks:AllowedHosts</c>).
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly StandardWebhook _verifier;
    private readonly ConcurrentDictionary<string, string> _events = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _requests;
    private long _badRequests;
    private string? _firstProblem;

    private WebhookSink(HttpListener listener, Uri url, string secret)
    {
        _listener = listener;
        _verifier = new StandardWebhook(secret);
        Secret = secret;
        Url = url;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where the webhook is registered: <c>http://127.0.0.1:PORT/events/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The secret the webhook is registered with.</summary>
    public string Secret { get; }

    /// <summary>Every POST received, retries and duplicates included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>POSTs with a wrong signature, a missing header or a body that is not an event.</summary>
    public long BadRequests => Interlocked.Read(ref _badRequests);

    public string? FirstProblem => Volatile.Read(ref _firstProblem);

    /// <summary>Distinct events received (by id).</summary>
    public int DistinctEvents => _events.Count;

    /// <summary>Starts listening on a free loopback port; events must be signed with <paramref name="secret"/> (<c>whsec_…</c>).</summary>
    public static WebhookSink Start(string secret)
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{ServerProcess.FreeLoopbackPort()}/events/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return new WebhookSink(listener, url, secret);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between the probe and the bind: try another.
                listener.Close();
            }
        }
    }

    /// <summary>The keys (<see cref="Key"/>) of the events received so far.</summary>
    public HashSet<string> ReceivedKeys() => [.. _events.Values];

    /// <summary>What identifies an event the benchmark expects: its type, job name and (for state changes) new state.</summary>
    public static string Key(string type, string jobName, string? newState = null) =>
        $"{type}|{jobName.ToLowerInvariant()}|{newState}";

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            // The loop was started by this instance's constructor, on the thread pool.
#pragma warning disable VSTHRD003
            await _loop;
#pragma warning restore VSTHRD003
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping the listener ends the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            Interlocked.Increment(ref _requests);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            var headers = new HeaderDictionary();
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
            {
                headers[name] = context.Request.Headers[name];
            }

            try
            {
                _verifier.Verify(Encoding.UTF8.GetString(bytes), headers);
                Record(bytes);
            }
            catch (WebhookVerificationException e)
            {
                Problem($"a POST whose signature does not verify ({e.Message}): webhook-signature '{headers["webhook-signature"]}'");
            }

            context.Response.StatusCode = 200;
        }
        catch (Exception e) when (e is IOException or HttpListenerException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Problem($"a POST that could not be read: {e.Message}");
            context.Response.StatusCode = 400;
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The server went away; nothing to answer.
            }
        }
    }

    private void Record(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var envelope = document.RootElement;
        var root = envelope.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : default;
        string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = envelope.TryGetProperty("id", out var envelopeId) ? envelopeId.GetString() : null;
        var type = Text("type");
        var job = Text("jobName");
        if (id is null || id != Text("id") || type is null || job is null)
        {
            Problem($"a CloudEvent without id, or whose data has no matching id, type or jobName: {Encoding.UTF8.GetString(bytes)}");
            return;
        }

        _events.TryAdd(id, Key(type, job, type == "job.deleted" ? null : Text("newState")));
    }

    private void Problem(string description)
    {
        Interlocked.Increment(ref _badRequests);
        Interlocked.CompareExchange(ref _firstProblem, description, null);
    }
}
