using System.Text.Json;

namespace Ferry.Core.Locations;

/// <summary>
/// An immutable catalogue of classic Import/Export locations, kept in catalogue (file) order.
/// Names are unique ignoring case.
/// </summary>
public sealed class LocationCatalog
{
    private const string DefaultResourceName = "Ferry.Core.Locations.ClassicLocations.json";

    private static readonly JsonSerializerOptions _jsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, Location> _byName;

    private LocationCatalog(IReadOnlyList<Location> locations)
    {
        All = locations;
        _byName = locations.ToDictionary(l => l.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>All locations, in catalogue order.</summary>
    public IReadOnlyList<Location> All { get; }

    /// <summary>Finds a location by name (ordinal, case-insensitive).</summary>
    /// <param name="name">The location name, e.g. <c>west us</c>.</param>
    /// <returns>The location, or null when no location has that name.</returns>
    public Location? FindOrNull(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>
    /// Returns the locations that serve storage accounts in <paramref name="originLocation"/>, i.e.
    /// whose <see cref="Location.OriginLocations"/> contain it (ordinal, case-insensitive), in catalogue order.
    /// </summary>
    /// <param name="originLocation">The storage account's region name.</param>
    /// <returns>The matching locations; empty when none.</returns>
    public IReadOnlyList<Location> ForOrigin(string originLocation)
    {
        ArgumentNullException.ThrowIfNull(originLocation);
        return All.Where(l => l.OriginLocations.Contains(originLocation, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Loads the built-in classic catalogue embedded in Ferry.Core.</summary>
    /// <returns>The default catalogue.</returns>
    /// <exception cref="InvalidOperationException">The embedded resource is missing or invalid (a build error).</exception>
    public static LocationCatalog LoadDefault()
    {
        using var stream = typeof(LocationCatalog).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{DefaultResourceName}' is missing from Ferry.Core.");
        return Parse(stream, $"embedded resource '{DefaultResourceName}'");
    }

    /// <summary>
    /// Loads a catalogue from a JSON file with the same shape as the built-in one (an array of
    /// <see cref="Location"/> objects; property names case-insensitive; missing strings become empty,
    /// missing lists become empty, except that a missing <c>OriginLocations</c> defaults to the location's own name).
    /// </summary>
    /// <param name="path">The JSON file path.</param>
    /// <returns>The loaded catalogue.</returns>
    /// <exception cref="InvalidOperationException">
    /// The file cannot be read, is not valid JSON of that shape, has a record without a name, or has duplicate names.
    /// </exception>
    public static LocationCatalog LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidOperationException($"Location catalogue file '{path}' cannot be read: {ex.Message}", ex);
        }

        using (stream)
        {
            return Parse(stream, $"location catalogue file '{path}'");
        }
    }

    private static LocationCatalog Parse(Stream stream, string source)
    {
        List<LocationDto?>? records;
        try
        {
            records = JsonSerializer.Deserialize<List<LocationDto?>>(stream, _jsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new InvalidOperationException($"The {source} is not a valid JSON array of locations: {ex.Message}", ex);
        }

        if (records is null)
        {
            throw new InvalidOperationException($"The {source} must contain a JSON array of locations, not null.");
        }

        var locations = new List<Location>(records.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r is null || string.IsNullOrWhiteSpace(r.Name))
            {
                throw new InvalidOperationException($"Record {i} in the {source} has no Name.");
            }

            var name = r.Name.Trim();
            if (!seen.Add(name))
            {
                throw new InvalidOperationException($"The {source} contains duplicate location name '{name}'.");
            }

            locations.Add(new Location
            {
                Name = name,
                RecipientName = r.RecipientName ?? "",
                StreetAddress1 = r.StreetAddress1 ?? "",
                StreetAddress2 = r.StreetAddress2 ?? "",
                City = r.City ?? "",
                StateOrProvince = r.StateOrProvince ?? "",
                PostalCode = r.PostalCode ?? "",
                CountryOrRegion = r.CountryOrRegion ?? "",
                SupportedCarriers = Clean(r.SupportedCarriers),
                OriginLocations = r.OriginLocations is null ? [name] : Clean(r.OriginLocations),
                AlternateLocations = Clean(r.AlternateLocations),
            });
        }

        return new LocationCatalog(locations.AsReadOnly());
    }

    private static string[] Clean(List<string?>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];

    private sealed class LocationDto
    {
        public string? Name { get; set; }
        public string? RecipientName { get; set; }
        public string? StreetAddress1 { get; set; }
        public string? StreetAddress2 { get; set; }
        public string? City { get; set; }
        public string? StateOrProvince { get; set; }
        public string? PostalCode { get; set; }
        public string? CountryOrRegion { get; set; }
        public List<string?>? SupportedCarriers { get; set; }
        public List<string?>? OriginLocations { get; set; }
        public List<string?>? AlternateLocations { get; set; }
    }
}
