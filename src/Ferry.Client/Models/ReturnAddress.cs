using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The address drives are returned to (<c>ReturnAddress</c>); the service requires all four members.</summary>
public sealed class ReturnAddress
{
    /// <summary>Creates an address.</summary>
    /// <param name="name">The recipient name.</param>
    /// <param name="address">The postal address as one free-text string.</param>
    /// <param name="phone">A phone number.</param>
    /// <param name="email">An e-mail address.</param>
    public ReturnAddress(string name, string address, string phone, string email)
    {
        Name = name;
        Address = address;
        Phone = phone;
        Email = email;
    }

    /// <summary>The recipient name (<c>Name</c>).</summary>
    [JsonPropertyName("Name")]
    public string Name { get; set; }

    /// <summary>The postal address, one free-text string (<c>Address</c>).</summary>
    [JsonPropertyName("Address")]
    public string Address { get; set; }

    /// <summary>The phone number (<c>Phone</c>).</summary>
    [JsonPropertyName("Phone")]
    public string? Phone { get; set; }

    /// <summary>The e-mail address (<c>Email</c>).</summary>
    [JsonPropertyName("Email")]
    public string? Email { get; set; }
}
