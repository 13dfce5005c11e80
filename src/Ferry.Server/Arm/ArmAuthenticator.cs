using Ferry.Core.Errors;

namespace Ferry.Server.Arm;

/// <summary>Placeholder replaced by the bearer-token authenticator branch at merge.</summary>
internal sealed class ArmAuthenticator
{
#pragma warning disable CA1822
    public Task<FerryError?> AuthenticateAsync(HttpContext http, string? subscriptionId) => Task.FromResult<FerryError?>(
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? null : new FerryError(FerryErrors.Unauthorized, "A bearer token is required."));
}
