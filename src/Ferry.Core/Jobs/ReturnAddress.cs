namespace Ferry.Core.Jobs;

/// <summary>
/// Where the drives go back to. The four positional members are non-empty: the classic shape, where
/// <paramref name="Address"/> is one free text. ARM addresses also keep their structured parts (the init members);
/// <paramref name="Address"/> is then those parts joined, one per line.
/// </summary>
public sealed record ReturnAddress(string Name, string Address, string Phone, string Email)
{
    /// <summary>ARM streetAddress1.</summary>
    public string? StreetAddress1 { get; init; }

    /// <summary>ARM streetAddress2.</summary>
    public string? StreetAddress2 { get; init; }

    /// <summary>ARM city.</summary>
    public string? City { get; init; }

    /// <summary>ARM stateOrProvince.</summary>
    public string? StateOrProvince { get; init; }

    /// <summary>ARM postalCode.</summary>
    public string? PostalCode { get; init; }

    /// <summary>ARM countryOrRegion.</summary>
    public string? CountryOrRegion { get; init; }
}
