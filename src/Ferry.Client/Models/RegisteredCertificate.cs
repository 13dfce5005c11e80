using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A management certificate registered to a subscription, as the operator surface lists it. Public facts only.</summary>
public sealed class RegisteredCertificate
{
    [JsonConstructor]
    internal RegisteredCertificate()
    {
    }

    /// <summary>The subscription it is registered to (<c>subscriptionId</c>).</summary>
    [JsonInclude]
    public string SubscriptionId { get; internal set; } = string.Empty;

    /// <summary>Whether that subscription is enabled (<c>subscriptionEnabled</c>).</summary>
    [JsonInclude]
    public bool SubscriptionEnabled { get; internal set; }

    /// <summary>The SHA-1 thumbprint, upper-case hex (<c>thumbprint</c>).</summary>
    [JsonInclude]
    public string Thumbprint { get; internal set; } = string.Empty;

    /// <summary>The certificate's subject (<c>subject</c>).</summary>
    [JsonInclude]
    public string Subject { get; internal set; } = string.Empty;

    /// <summary>When the certificate expires (<c>notAfter</c>); the classic surface refuses it afterwards.</summary>
    [JsonInclude]
    public DateTimeOffset NotAfter { get; internal set; }

    /// <summary>When it was registered (<c>addedAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset AddedAt { get; internal set; }

    /// <summary>Whether it had expired by the server's clock when listed (<c>expired</c>).</summary>
    [JsonInclude]
    public bool Expired { get; internal set; }
}
