using Ferry.Core.Errors;

namespace Ferry.Server.Classic;

/// <summary>The classic surface's Accept, <c>$format</c> and Content-Type rules (docs/classic-api.md §2.4).</summary>
internal static class ClassicNegotiation
{
    /// <summary>The metadata level of a JSON operation, or a 406.</summary>
    public static Result<MetadataLevel> JsonLevel(string? accept, string? format)
    {
        if (format is not null)
        {
            return FormatLevel(format) is { } fromFormat
                ? fromFormat
                : new FerryError(FerryErrors.NotAcceptable, $"$format '{format}' is not supported; use json or application/json;odata=minimalmetadata|nometadata|fullmetadata.", "$format");
        }

        if (string.IsNullOrWhiteSpace(accept))
        {
            return MetadataLevel.Minimal;
        }

        foreach (var entry in accept.Split(','))
        {
            if (EntryLevel(entry) is { } level)
            {
                return level;
            }
        }

        return new FerryError(FerryErrors.NotAcceptable, $"Accept '{accept}' is not supported; use application/json with an optional odata=minimalmetadata|nometadata|fullmetadata.", "Accept");
    }

    /// <summary>Checks the Accept header of <c>$metadata</c>: application/xml (or a wildcard), else 406.</summary>
    public static FerryError? XmlAccept(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }

        foreach (var entry in accept.Split(','))
        {
            var media = entry.Split(';')[0].Trim();
            if (media.Equals("application/xml", StringComparison.OrdinalIgnoreCase) || media is "*/*" || media.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return new FerryError(FerryErrors.NotAcceptable, $"Accept '{accept}' is not supported; the metadata document is application/xml.", "Accept");
    }

    /// <summary>Checks a request Content-Type: absent, or <paramref name="expected"/> with any parameters; else 406.</summary>
    public static FerryError? ContentType(string? contentType, string expected)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var media = contentType.Split(';')[0].Trim();
        return media.Equals(expected, StringComparison.OrdinalIgnoreCase)
            ? null
            : new FerryError(FerryErrors.NotAcceptable, $"Content-Type '{contentType}' is not supported; use {expected}.", "Content-Type");
    }

    private static MetadataLevel? FormatLevel(string format)
    {
        var trimmed = format.Trim();
        if (trimmed.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return MetadataLevel.Minimal;
        }

        var parts = trimmed.Split(';');
        if (!parts[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Parameters(parts);
    }

    private static MetadataLevel? EntryLevel(string entry)
    {
        var parts = entry.Split(';');
        var media = parts[0].Trim();
        if (media is "*/*" || media.Equals("application/*", StringComparison.OrdinalIgnoreCase))
        {
            return MetadataLevel.Minimal;
        }

        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? Parameters(parts) : null;
    }

    private static MetadataLevel? Parameters(string[] parts)
    {
        var level = MetadataLevel.Minimal;
        foreach (var parameter in parts.Skip(1))
        {
            var pair = parameter.Split('=', 2);
            var name = pair[0].Trim();
            var value = pair.Length > 1 ? pair[1].Trim().Trim('"') : "";
            if (!name.Equals("odata", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (value.ToLowerInvariant())
            {
                case "minimalmetadata":
                    level = MetadataLevel.Minimal;
                    break;
                case "nometadata":
                case "nometatadata":
                    level = MetadataLevel.None;
                    break;
                case "fullmetadata":
                    level = MetadataLevel.Full;
                    break;
                default:
                    return null;
            }
        }

        return level;
    }
}
