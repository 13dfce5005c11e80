using System.Net;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary>A receiver in memory: records every request (body read) and answers with the next queued status (200 when none).</summary>
internal sealed class StubReceiver : HttpMessageHandler
{
    private readonly Queue<HttpStatusCode> _answers = new();
    private readonly List<ReceivedRequest> _received = [];

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Completes when the first request has been recorded.</summary>
    public async Task WhenFirstArrivedAsync()
    {
#pragma warning disable VSTHRD003 // Completed by this handler's own SendAsync.
        await _firstArrival.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);
#pragma warning restore VSTHRD003
    }

    private readonly TaskCompletionSource _firstArrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, called instead of answering (e.g. to never answer).</summary>
    public Func<CancellationToken, Task>? Stall { get; set; }

    /// <summary>Queues the statuses of the next answers.</summary>
    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        lock (_answers)
        {
            foreach (var status in statuses)
            {
                _answers.Enqueue(status);
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        lock (_received)
        {
            _received.Add(new ReceivedRequest(request.Method, request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), request.Content.Headers.ContentType?.ToString(), body));
        }

        _firstArrival.TrySetResult();

        if (Stall is { } stall)
        {
            await stall(cancellationToken);
        }

        HttpStatusCode status;
        lock (_answers)
        {
            status = _answers.Count > 0 ? _answers.Dequeue() : HttpStatusCode.OK;
        }

        return new HttpResponseMessage(status);
    }
}
