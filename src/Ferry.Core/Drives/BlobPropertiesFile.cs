namespace Ferry.Core.Drives;

/// <summary>
/// A properties file (docs/formats.md §4): root <c>Properties</c> with the elements <c>Content-Type</c>, <c>Content-MD5</c>,
/// <c>Content-Encoding</c>, <c>Content-Language</c>, <c>Cache-Control</c>, and for exports <c>Last-Modified</c>,
/// <c>Etag</c>, <c>Content-Length</c>. Every value is optional: null means the element is absent.
/// </summary>
/// <param name="ContentType"><c>Content-Type</c>, e.g. <c>image/jpeg</c>.</param>
/// <param name="ContentMd5"><c>Content-MD5</c>: Base64 of the 16-byte MD5, as in the Blob service.</param>
/// <param name="ContentEncoding"><c>Content-Encoding</c>.</param>
/// <param name="ContentLanguage"><c>Content-Language</c>.</param>
/// <param name="CacheControl"><c>Cache-Control</c>.</param>
/// <param name="LastModified">Export: <c>Last-Modified</c>, written in RFC 1123 form (second precision).</param>
/// <param name="ETag">Export: <c>Etag</c>, the blob's ETag as the service gave it.</param>
/// <param name="ContentLength">Export: <c>Content-Length</c> in bytes, ≥ 0.</param>
public sealed record BlobPropertiesFile(
    string? ContentType,
    string? ContentMd5,
    string? ContentEncoding,
    string? ContentLanguage,
    string? CacheControl,
    DateTimeOffset? LastModified = null,
    string? ETag = null,
    long? ContentLength = null);
