using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A data-center location drives are shipped to (List Locations); output only.</summary>
public sealed class Location
{
    [JsonConstructor]
    internal Location(string name, string? recipientName, string? streetAddress1, string? streetAddress2, string? city, string? stateOrProvince, string? postalCode, string? countryOrRegion, IReadOnlyList<string>? supportedCarriers)
    {
        Name = name;
        RecipientName = recipientName;
        StreetAddress1 = streetAddress1;
        StreetAddress2 = streetAddress2;
        City = city;
        StateOrProvince = stateOrProvince;
        PostalCode = postalCode;
        CountryOrRegion = countryOrRegion;
        SupportedCarriers = supportedCarriers ?? [];
    }

    /// <summary>The location name, e.g. <c>West US</c> (<c>Name</c>).</summary>
    [JsonPropertyName("Name")]
    public string Name { get; }

    /// <summary>The recipient name (<c>RecipientName</c>).</summary>
    [JsonPropertyName("RecipientName")]
    public string? RecipientName { get; }

    /// <summary>The first street line (<c>StreetAddress1</c>).</summary>
    [JsonPropertyName("StreetAddress1")]
    public string? StreetAddress1 { get; }

    /// <summary>The second street line (<c>StreetAddress2</c>); <see langword="null"/> when empty.</summary>
    [JsonPropertyName("StreetAddress2")]
    public string? StreetAddress2 { get; }

    /// <summary>The city (<c>City</c>).</summary>
    [JsonPropertyName("City")]
    public string? City { get; }

    /// <summary>The state or province (<c>StateOrProvince</c>).</summary>
    [JsonPropertyName("StateOrProvince")]
    public string? StateOrProvince { get; }

    /// <summary>The postal code (<c>PostalCode</c>).</summary>
    [JsonPropertyName("PostalCode")]
    public string? PostalCode { get; }

    /// <summary>The country or region (<c>CountryOrRegion</c>).</summary>
    [JsonPropertyName("CountryOrRegion")]
    public string? CountryOrRegion { get; }

    /// <summary>The carriers this location accepts (<c>SupportedCarriers</c>); empty when none are listed.</summary>
    [JsonPropertyName("SupportedCarriers")]
    public IReadOnlyList<string> SupportedCarriers { get; }
}
