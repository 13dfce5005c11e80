namespace Ferry.Core.Locations;

/// <summary>
/// A classic Import/Export data-centre location to which drives are shipped. All string members are
/// non-null; an empty string means "not applicable" (for example no state for West Europe).
/// </summary>
public sealed record Location
{
    /// <summary>The location's unique name, e.g. <c>West US</c>. Never empty in a loaded catalogue.</summary>
    public required string Name { get; init; }

    /// <summary>The recipient to whom packages are addressed.</summary>
    public string RecipientName { get; init; } = "";

    /// <summary>First street address line.</summary>
    public string StreetAddress1 { get; init; } = "";

    /// <summary>Second street address line; often empty.</summary>
    public string StreetAddress2 { get; init; } = "";

    /// <summary>City.</summary>
    public string City { get; init; } = "";

    /// <summary>State or province; empty where not used.</summary>
    public string StateOrProvince { get; init; } = "";

    /// <summary>Postal code; empty where not used.</summary>
    public string PostalCode { get; init; } = "";

    /// <summary>Country or region as printed on the label.</summary>
    public string CountryOrRegion { get; init; } = "";

    /// <summary>Carrier names accepted at this location, e.g. <c>FedEx</c>.</summary>
    public IReadOnlyList<string> SupportedCarriers { get; init; } = [];

    /// <summary>Region names whose storage accounts this location serves (normally just <see cref="Name"/>).</summary>
    public IReadOnlyList<string> OriginLocations { get; init; } = [];

    /// <summary>Other locations that may be used instead of this one; reserved for later use.</summary>
    public IReadOnlyList<string> AlternateLocations { get; init; } = [];

    /// <summary>
    /// Returns the address in the service's wire form:
    /// <c>StreetAddress1;StreetAddress2;City;StateOrProvince;PostalCode;CountryOrRegion</c>. Empty
    /// parts keep their separator, e.g. <c>2045 Lafayette Street;;Santa Clara;CA;95050;USA</c>.
    /// </summary>
    /// <returns>The six address parts joined by <c>';'</c>.</returns>
    public string ShippingAddress() =>
        string.Join(';', StreetAddress1, StreetAddress2, City, StateOrProvince, PostalCode, CountryOrRegion);
}
