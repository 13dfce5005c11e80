using System.Net;

namespace Ferry.Benchmarks;

/// <summary>
/// One kind of request under load. <see cref="CreateRequest"/> is called concurrently by every worker, so it must be
/// thread-safe; a response counts as a success only with <see cref="ExpectedStatus"/>.
/// </summary>
internal sealed record LoadOperation(string Name, HttpStatusCode ExpectedStatus, Func<HttpRequestMessage> CreateRequest);
