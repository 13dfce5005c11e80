namespace Ferry.Benchmarks;

/// <summary>
/// The result of walking a List Jobs chain: how many pages the server split it into (of <see cref="ServerPageSize"/>
/// jobs), the latency of each page, and every nextLink in list order.
/// </summary>
internal sealed record ListWalk(int Pages, int ServerPageSize, LatencySummary PageLatency, IReadOnlyList<Uri> NextLinks);
