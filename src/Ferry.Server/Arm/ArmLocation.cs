namespace Ferry.Server.Arm;

/// <summary>
/// A data-centre location of the ARM catalogue (docs/arm-api.md §8). <see cref="Id"/> is the short name (<c>westus</c>),
/// <see cref="Name"/> the display name (<c>West US</c>); <see cref="AlternateLocations"/> holds short names.
/// </summary>
internal sealed record ArmLocation
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string RecipientName { get; init; } = "";

    public string StreetAddress1 { get; init; } = "";

    public string StreetAddress2 { get; init; } = "";

    public string City { get; init; } = "";

    public string StateOrProvince { get; init; } = "";

    public string PostalCode { get; init; } = "";

    public string CountryOrRegion { get; init; } = "";

    public string Phone { get; init; } = "";

    public string AdditionalShippingInformation { get; init; } = "";

    public IReadOnlyList<string> SupportedCarriers { get; init; } = [];

    public IReadOnlyList<string> AlternateLocations { get; init; } = [];

    /// <summary>The resource id, <c>/providers/Microsoft.ImportExport/locations/westus</c>.</summary>
    public string ResourceId => "/providers/Microsoft.ImportExport/locations/" + Id;
}
