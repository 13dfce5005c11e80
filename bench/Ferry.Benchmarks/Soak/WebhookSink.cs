using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ferry.Benchmarks.Soak;

/// <summary>
/// The soak's webhook receiver: an <see cref="HttpListener"/> on a loopback port over plain HTTP that answers every
/// POST 200, checks its signature (docs/operator-api.md §3) and records the event by id (retries repeat the id), so the
/// benchmark can tell which of the events it caused arrived.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly byte[] _secret;
    private readonly ConcurrentDictionary<string, string> _events = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _requests;
    private long _badRequests;
    private string? _firstProblem;

    private WebhookSink(HttpListener listener, Uri url, string secret)
    {
        _listener = listener;
        _secret = Encoding.UTF8.GetBytes(secret);
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

    /// <summary>Starts listening on a free loopback port; events must be signed with <paramref name="secret"/>.</summary>
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
            var signature = context.Request.Headers["X-Ferry-Signature-256"];
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, bytes));
            if (signature != expected)
            {
                Problem($"a POST with signature '{signature}' (expected the HMAC of its body)");
            }
            else
            {
                Record(bytes);
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
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Text("id");
        var type = Text("type");
        var job = Text("jobName");
        if (id is null || type is null || job is null)
        {
            Problem($"an event without id, type or jobName: {Encoding.UTF8.GetString(bytes)}");
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
