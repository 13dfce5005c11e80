using Ferry.Core.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ferry.Server.Hosting;

/// <summary>
/// Renders a catalog error as RFC 9457 problem details, the error envelope of Ferry's own surfaces
/// (docs/operator-api.md): <c>type</c> <c>https://ferry.dev/errors/&lt;code&gt;</c>, <c>title</c> and <c>code</c> the
/// catalog name, <c>status</c>, <c>detail</c> the error's message, and <c>target</c> only when one field is at fault;
/// content type <c>application/problem+json</c>. Surface-neutral: a surface adds its own headers (e.g.
/// <c>WWW-Authenticate</c>).
/// </summary>
internal static class ProblemDetailsRenderer
{
    /// <summary>The media type of the body.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>The prefix of every <c>type</c> URI; the catalog name follows.</summary>
    public const string TypePrefix = "https://ferry.dev/errors/";

    /// <summary>The problem details of <paramref name="error"/>; never null.</summary>
    public static ProblemDetails ToProblemDetails(FerryError error)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + error.Kind.Name,
            Title = error.Kind.Name,
            Status = error.Status,
            Detail = error.Message,
        };
        problem.Extensions["code"] = error.Kind.Name;
        if (error.Target is not null)
        {
            problem.Extensions["target"] = error.Target;
        }

        return problem;
    }

    /// <summary>A typed result that answers <paramref name="error"/> with its status and problem details.</summary>
    public static ProblemHttpResult ToResult(FerryError error) => TypedResults.Problem(ToProblemDetails(error));

    /// <summary>Writes <paramref name="error"/> as the response (for middleware and filters outside a typed handler).</summary>
    public static Task WriteAsync(HttpContext http, FerryError error) => ToResult(error).ExecuteAsync(http);
}
