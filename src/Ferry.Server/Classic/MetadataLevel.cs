namespace Ferry.Server.Classic;

/// <summary>The OData JSON Light metadata levels.</summary>
internal enum MetadataLevel
{
    None,
    Minimal,
    Full,
}
