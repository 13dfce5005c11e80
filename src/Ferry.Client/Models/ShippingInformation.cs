using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>Where the customer ships drives (<c>ShippingInformation</c>); output only, set by the service from the job's location.</summary>
public sealed class ShippingInformation
{
    [JsonConstructor]
    internal ShippingInformation(string? name, string? address)
    {
        Name = name;
        Address = address;
    }

    /// <summary>The recipient name (<c>Name</c>).</summary>
    [JsonPropertyName("Name")]
    public string? Name { get; }

    /// <summary>The address, parts joined with <c>;</c> (<c>Address</c>).</summary>
    [JsonPropertyName("Address")]
    public string? Address { get; }
}
