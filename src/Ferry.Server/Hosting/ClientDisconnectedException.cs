namespace Ferry.Server.Hosting;

/// <summary>
/// The client's connection failed while its request was read: nobody is left to answer. Thrown after the request is aborted,
/// so the surfaces end the exchange quietly (the abort reaches <c>RequestAborted</c> only later).
/// </summary>
internal sealed class ClientDisconnectedException(Exception inner)
    : OperationCanceledException("The connection failed while the client sent the request body.", inner)
{
    /// <summary>Whether <paramref name="exception"/> means the client went away: its cancellation, or this exception.</summary>
    public static bool IsClientGone(Exception exception, HttpContext http) =>
        exception is ClientDisconnectedException || (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested);
}
