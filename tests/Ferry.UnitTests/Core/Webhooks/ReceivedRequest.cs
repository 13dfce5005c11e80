namespace Ferry.UnitTests.Core.Webhooks;

/// <summary>One request as the stub receiver saw it.</summary>
internal sealed record ReceivedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body);
