using System.Globalization;
using Azure;
using Azure.Core;
using Ferry.Client.Internal;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>The registered management certificates and their expiry (<c>/operator/certificates</c>).</summary>
public partial class FerryOperatorClient
{
    /// <summary>
    /// Lists the registered management certificates, soonest expiry first. With <paramref name="expiringWithin"/>, only
    /// those that expire within that period of the server's clock, expired ones included. No private key is ever stored.
    /// </summary>
    /// <param name="expiringWithin">The period, not negative; <see langword="null"/> for every certificate.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The certificates; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiringWithin"/> is negative.</exception>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<RegisteredCertificate>>> GetCertificatesAsync(TimeSpan? expiringWithin = null, CancellationToken cancellationToken = default)
    {
        var path = "certificates";
        if (expiringWithin is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero, nameof(expiringWithin));
            path += "?expiringWithin=" + Uri.EscapeDataString(window.ToString("c", CultureInfo.InvariantCulture));
        }

        using var message = CreateMessage(RequestMethod.Get, path, _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await ReadAsync<ValueList<RegisteredCertificate>>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<RegisteredCertificate>>(list.Value ?? [], message.Response);
    }
}
