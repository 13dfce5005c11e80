using Ferry.Core.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Ferry.Server.Hosting;

/// <summary>
/// Renders a catalog error as RFC 9457 problem details, the envelope of Ferry's own surfaces (operator, customer
/// extensions): <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, plus <c>code</c> (the catalog name) and
/// <c>target</c> when one field is at fault.
/// </summary>
internal static class FerryProblem
{
    /// <summary>Base of the <c>type</c> URIs.</summary>
    public const string TypeBase = "https://ferry.dev/errors/";

    /// <summary>The problem document of <paramref name="error"/>.</summary>
    public static ProblemDetails Document(FerryError error)
    {
        var problem = new ProblemDetails
        {
            Type = TypeBase + error.Kind.Name,
            Title = error.Kind.Summary,
            Status = error.Status,
            Detail = error.Message,
        };
        problem.Extensions["code"] = error.Kind.Name;
        if (error.Target is { } target)
        {
            problem.Extensions["target"] = target;
        }

        return problem;
    }

    /// <summary>The result answering <paramref name="error"/>; a 401 also carries <c>WWW-Authenticate: Bearer</c>.</summary>
    public static IResult Result(FerryError error) => new ProblemResult(error);

    private sealed class ProblemResult(FerryError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (error.Status == StatusCodes.Status401Unauthorized)
            {
                httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return TypedResults.Problem(Document(error)).ExecuteAsync(httpContext);
        }
    }
}
