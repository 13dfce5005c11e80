using Ferry.Core.Errors;
using Ferry.Server.Hosting;

namespace Ferry.Server.Operator;

/// <summary>Request bodies of the operator surface: <see cref="JsonBody"/>, except that steps with optional parameters accept no body.</summary>
internal static class OperatorJson
{
    /// <summary>
    /// The body as <typeparamref name="T"/>; a request without a body yields <paramref name="empty"/>, or a 400 when the
    /// step needs a body (<paramref name="empty"/> null). Bad JSON is a 400 naming the member (see <see cref="JsonBody"/>).
    /// </summary>
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, T? empty)
        where T : class
    {
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return empty is null ? FerryErrors.Invalid("body", "The request needs a JSON body.") : empty;
        }

        return await JsonBody.ReadAsync<T>(request, request.HttpContext.RequestAborted);
    }
}
