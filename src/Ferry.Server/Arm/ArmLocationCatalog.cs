using System.Text.Json;

namespace Ferry.Server.Arm;

/// <summary>
/// The ARM location catalogue: the embedded records of docs/arm-api.md §8, or a deployment's own file
/// (<c>Ferry:Arm:LocationCatalogFile</c>). A location is found by short name or display name, case-insensitively and
/// ignoring spaces (<c>West US</c>, <c>westus</c>, <c>West%20US</c> decoded).
/// </summary>
internal sealed class ArmLocationCatalog
{
    private const string ResourceName = "Ferry.Server.Arm.ArmLocations.json";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, ArmLocation> _byKey = new(StringComparer.OrdinalIgnoreCase);

    public ArmLocationCatalog(IReadOnlyList<ArmLocation> locations)
    {
        All = locations;
        foreach (var location in locations)
        {
            if (string.IsNullOrWhiteSpace(location.Id) || string.IsNullOrWhiteSpace(location.Name))
            {
                throw new InvalidOperationException("Every ARM location needs an id and a name.");
            }

            Add(location.Id, location);
            if (!string.Equals(Key(location.Name), Key(location.Id), StringComparison.OrdinalIgnoreCase))
            {
                Add(location.Name, location);
            }
        }
    }

    private void Add(string name, ArmLocation location)
    {
        if (!_byKey.TryAdd(Key(name), location))
        {
            throw new InvalidOperationException($"ARM location '{name}' is listed twice.");
        }
    }

    /// <summary>All locations in catalogue order.</summary>
    public IReadOnlyList<ArmLocation> All { get; }

    /// <summary>The location named <paramref name="name"/> (short or display name), or null.</summary>
    public ArmLocation? FindOrNull(string name) => _byKey.GetValueOrDefault(Key(name));

    /// <summary>The embedded catalogue, or <paramref name="file"/> when given.</summary>
    public static ArmLocationCatalog Load(string? file)
    {
        if (file is not null)
        {
            using var stream = File.OpenRead(file);
            return new ArmLocationCatalog(JsonSerializer.Deserialize<List<ArmLocation>>(stream, _json)
                ?? throw new InvalidOperationException($"{file} holds no ARM locations."));
        }

        using var embedded = typeof(ArmLocationCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing.");
        return new ArmLocationCatalog(JsonSerializer.Deserialize<List<ArmLocation>>(embedded, _json)!);
    }

    private static string Key(string name) => name.Replace(" ", "", StringComparison.Ordinal);
}
