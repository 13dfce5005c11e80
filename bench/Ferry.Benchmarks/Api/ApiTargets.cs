using System.Globalization;

namespace Ferry.Benchmarks.Api;

/// <summary>The targets of issue 15 that the API benchmark judges, from the figures of one run (pure logic, unit-tested).</summary>
internal static class ApiTargets
{
    public const double WriteVsPeer = 1.5;
    public const double WriteFlat = 0.8;
    public const double GetJobVsPeer = 5.0;
    public const double GetJobVsCeiling = 0.8;
    public const double ArmVsClassic = 0.8;
    public const double PostgresGetJob = 0.5;
    public const double PostgresPutJob = 0.8;
    public const double RssAfterStartMiB = 100;
    public const double PeakRssLargeMiB = 150;

    /// <summary>Every target, in the issue's order; a figure that is missing makes its target "not measured" (missed).</summary>
    public static IReadOnlyList<ApiTargetResult> Evaluate(IReadOnlyList<ApiPhaseResult> phases, long jobsSmall, long jobsLarge)
    {
        var results = new List<ApiTargetResult>();
        var sizes = phases.Select(p => p.Size).ToList();
        double? Rate(ApiPhaseSize size, ApiBackend backend, ApiOperation operation) =>
            phases.FirstOrDefault(p => p.Size == size)?.Measurements.FirstOrDefault(m => m.Backend == backend && m.Operation == operation) is { Latency.Successes: > 0 } m ? m.Rate : null;
        string Jobs(ApiPhaseSize size) => (size == ApiPhaseSize.Small ? jobsSmall : jobsLarge).ToString("N0", CultureInfo.InvariantCulture) + " jobs";

        // 1. Durable writes: beside Azurite's peer, and flat from the small to the large job count.
        foreach (var write in new[] { ApiOperation.PutJob, ApiOperation.UpdateJob, ApiOperation.DeleteJob })
        {
            var peer = ApiOperations.PeerOf(write)!.Value;
            foreach (var size in sizes)
            {
                results.Add(Ratio("1. Durable writes", $"{ApiOperations.Title(write)} (SQLite, FULL) at {Jobs(size)} ≥ {WriteVsPeer}× Azurite {ApiOperations.Title(peer)}",
                    Rate(size, ApiBackend.Sqlite, write), Rate(size, ApiBackend.Azurite, peer), WriteVsPeer));
            }

            if (sizes.Contains(ApiPhaseSize.Large))
            {
                results.Add(Ratio("1. Durable writes", $"{ApiOperations.Title(write)} (SQLite) at {Jobs(ApiPhaseSize.Large)} ≥ {WriteFlat}× its rate at {Jobs(ApiPhaseSize.Small)}",
                    Rate(ApiPhaseSize.Large, ApiBackend.Sqlite, write), Rate(ApiPhaseSize.Small, ApiBackend.Sqlite, write), WriteFlat));
            }
        }

        // 2. Reads.
        foreach (var size in sizes)
        {
            results.Add(Ratio("2. Reads", $"Classic Get Job (SQLite) at {Jobs(size)} ≥ {GetJobVsPeer}× Azurite Get Container Properties",
                Rate(size, ApiBackend.Sqlite, ApiOperation.GetJob), Rate(size, ApiBackend.Azurite, ApiOperation.GetContainerProperties), GetJobVsPeer));
            results.Add(Ratio("2. Reads", $"Classic Get Job (SQLite) at {Jobs(size)} ≥ {GetJobVsCeiling} of the ceiling (Get Service Document)",
                Rate(size, ApiBackend.Sqlite, ApiOperation.GetJob), Rate(size, ApiBackend.Sqlite, ApiOperation.ServiceDocument), GetJobVsCeiling));
            results.Add(Ratio("2. Reads", $"ARM Get Job (SQLite) at {Jobs(size)} ≥ {ArmVsClassic}× classic Get Job",
                Rate(size, ApiBackend.Sqlite, ApiOperation.ArmGetJob), Rate(size, ApiBackend.Sqlite, ApiOperation.GetJob), ArmVsClassic));
        }

        // 3. PostgreSQL beside SQLite, same run.
        if (phases.Any(p => p.Measurements.Any(m => m.Backend == ApiBackend.PostgreSql)))
        {
            foreach (var size in sizes)
            {
                results.Add(Ratio("3. PostgreSQL", $"Get Job on PostgreSQL at {Jobs(size)} ≥ {PostgresGetJob}× SQLite's",
                    Rate(size, ApiBackend.PostgreSql, ApiOperation.GetJob), Rate(size, ApiBackend.Sqlite, ApiOperation.GetJob), PostgresGetJob));
                results.Add(Ratio("3. PostgreSQL", $"Put Job on PostgreSQL at {Jobs(size)} ≥ {PostgresPutJob}× SQLite's",
                    Rate(size, ApiBackend.PostgreSql, ApiOperation.PutJob), Rate(size, ApiBackend.Sqlite, ApiOperation.PutJob), PostgresPutJob));
            }
        }

        // 4. Memory of the SQLite server (the default).
        var start = phases.FirstOrDefault(p => p.Size == ApiPhaseSize.Small)?.Memory.FirstOrDefault(m => m.Backend == ApiBackend.Sqlite)?.AfterStart;
        results.Add(Limit("4. Memory", $"SQLite server RSS right after start on a fresh data directory ≤ {RssAfterStartMiB:0} MiB", start?.RssMiB, RssAfterStartMiB));
        if (sizes.Contains(ApiPhaseSize.Large))
        {
            var peak = phases.First(p => p.Size == ApiPhaseSize.Large).Memory.FirstOrDefault(m => m.Backend == ApiBackend.Sqlite)?.AtEnd;
            results.Add(Limit("4. Memory", $"SQLite server peak RSS (VmHWM) at {Jobs(ApiPhaseSize.Large)} ≤ {PeakRssLargeMiB:0} MiB", peak?.PeakRssMiB, PeakRssLargeMiB));
        }

        // 8. Every request answered as expected.
        var failed = phases.Sum(p => p.Measurements.Sum(m => m.Latency.Failures));
        results.Add(new ApiTargetResult("8. The run", "No failed requests", $"{failed.ToString("N0", CultureInfo.InvariantCulture)} failed", failed == 0));
        return results;
    }

    /// <summary><paramref name="measured"/> / <paramref name="baseline"/> ≥ <paramref name="minimum"/>; not measured when either is missing.</summary>
    public static ApiTargetResult Ratio(string section, string target, double? measured, double? baseline, double minimum)
    {
        if (measured is not { } m || baseline is not { } b || b <= 0)
        {
            return new ApiTargetResult(section, target, "not measured", null);
        }

        var ratio = m / b;
        return new ApiTargetResult(section, target, string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}× ({m:N0} / {b:N0} req/s)"), ratio >= minimum);
    }

    /// <summary><paramref name="measuredMiB"/> ≤ <paramref name="maximumMiB"/>; not measured when missing.</summary>
    public static ApiTargetResult Limit(string section, string target, double? measuredMiB, double maximumMiB) =>
        measuredMiB is { } m
            ? new ApiTargetResult(section, target, string.Create(CultureInfo.InvariantCulture, $"{m:0.0} MiB"), m <= maximumMiB)
            : new ApiTargetResult(section, target, "not measured", null);
}
