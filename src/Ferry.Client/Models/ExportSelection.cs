using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The blobs an export job exports (<c>Export</c>): either an inline <see cref="BlobList"/> or a <see cref="BlobListBlobPath"/>, not both.</summary>
public sealed class ExportSelection
{
    /// <summary>The inline blob list (<c>BlobList</c>), at most 32 KB serialized.</summary>
    [JsonPropertyName("BlobList")]
    public ExportBlobList? BlobList { get; set; }

    /// <summary>A block blob <c>&lt;container&gt;/&lt;blob&gt;</c> holding the XML blob list (<c>BlobListBlobPath</c>).</summary>
    [JsonPropertyName("BlobListBlobPath")]
    public string? BlobListBlobPath { get; set; }
}

/// <summary>An inline export blob list (<c>BlobList</c>): blob paths and blob path prefixes.</summary>
public sealed class ExportBlobList
{
    /// <summary>Relative blob paths starting with the container name (<c>BlobPath</c>).</summary>
    [JsonPropertyName("BlobPath")]
    public IList<string> BlobPath { get; set; } = [];

    /// <summary>Prefixes starting with <c>/</c> and (part of) a container name (<c>BlobPathPrefix</c>).</summary>
    [JsonPropertyName("BlobPathPrefix")]
    public IList<string> BlobPathPrefix { get; set; } = [];
}
