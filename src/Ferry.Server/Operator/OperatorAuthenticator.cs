using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Errors;

namespace Ferry.Server.Operator;

/// <summary>
/// Bearer-token authentication of the operator surface. Only the token's SHA-256 is kept, and comparison is
/// constant-time. A customer's management certificate means nothing here.
/// </summary>
internal sealed class OperatorAuthenticator
{
    private readonly byte[]? _tokenHash;

    public OperatorAuthenticator(string? token)
    {
        _tokenHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Null when the request carries the operator token; else the 401 to answer.</summary>
    public FerryError? Authenticate(HttpRequest request)
    {
        if (_tokenHash is null)
        {
            return Refused("The operator surface is disabled: set Ferry:Operator:Token.");
        }

        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refused("An operator bearer token is required (Authorization: Bearer <token>).");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _tokenHash) ? null : Refused("The operator token is not valid.");
    }

    private static FerryError Refused(string detail) => new(FerryErrors.Unauthorized, detail);
}
