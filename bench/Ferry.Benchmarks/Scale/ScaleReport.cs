namespace Ferry.Benchmarks.Scale;

/// <summary>The List Jobs scale part on one database: the two bulk inserts, the comparisons (small account the baseline) and the explained statements (PostgreSQL only).</summary>
internal sealed record ScalePhase(string Database, BulkSeedOutcome Small, BulkSeedOutcome Large, IReadOnlyList<Comparison> Results, IReadOnlyList<NotMeasured> NotMeasured, IReadOnlyList<QueryPlan> Plans)
{
    public Comparison? FirstPage => Results.FirstOrDefault(r => r.Title == ScaleReport.ListFirstPage);

    public Comparison? RandomPage => Results.FirstOrDefault(r => r.Title == ScaleReport.ListRandomPage);

    /// <summary>p50 and p95 of the first page and of a random page, each at most 1.5× at the large count.</summary>
    public bool TargetMet =>
        FirstPage is { } f && RandomPage is { } r && ScaleReport.Met(f.P50Ratio) && ScaleReport.Met(f.P95Ratio) && ScaleReport.Met(r.P50Ratio) && ScaleReport.Met(r.P95Ratio);
}

/// <summary>The whole scale run (issue 5) and its targets.</summary>
internal sealed record ScaleReport(
    ScaleBenchOptions Options,
    string PostgresDescription,
    IReadOnlyList<string> PostgresSettings,
    string FileSystem,
    SeedOutcome SqliteSeed,
    SeedOutcome PostgresSeed,
    IReadOnlyList<Comparison> Backends,
    IReadOnlyList<NotMeasured> BackendsNotMeasured,
    string InstanceCheck,
    IReadOnlyList<Comparison> Instances,
    IReadOnlyList<NotMeasured> InstancesNotMeasured,
    IReadOnlyList<ScalePhase> Scales,
    IReadOnlyList<string> SqliteServerArguments,
    IReadOnlyList<string> PostgresServerArguments,
    IReadOnlyList<string> SecondServerArguments,
    string Root,
    string ConnectionString)
{
    public const string ServiceDocument = "Get Service Document";
    public const string GetJob = "Get Job";
    public const string ListFirstPage = "List Jobs (first page)";
    public const string ListRandomPage = "List Jobs (a random page)";
    public const string PutJob = "Put Job";
    public const double ListMaxGrowth = 1.5;
    public const string PostgreSql = "PostgreSQL";
    public const string Sqlite = "SQLite";

    /// <summary>Get, List and Put all measured on both databases without a failed request.</summary>
    public bool BackendsMeasured => Measured(Backends, BackendsNotMeasured, [GetJob, ListFirstPage, PutJob]);

    /// <summary>Get, List and Put all measured on one and two instances without a failed request.</summary>
    public bool InstancesMeasured => Measured(Instances, InstancesNotMeasured, [GetJob, ListFirstPage, PutJob]);

    public static bool Met(double ratio) => !double.IsNaN(ratio) && ratio <= ListMaxGrowth;

    /// <summary>The List Jobs target, on every database the scale part measured (PostgreSQL at least).</summary>
    public bool ListTargetMet => Scales.Any(p => p.Database == PostgreSql) && Scales.All(p => p.TargetMet);

    public long Failures =>
        Backends.Concat(Instances).Concat(Scales.SelectMany(p => p.Results)).Sum(c => c.Failures)
        + BackendsNotMeasured.Count + InstancesNotMeasured.Count + Scales.Sum(p => p.NotMeasured.Count);

    public bool AllTargetsMet => BackendsMeasured && InstancesMeasured && ListTargetMet && Failures == 0;

    private static bool Measured(IReadOnlyList<Comparison> results, IReadOnlyList<NotMeasured> notMeasured, string[] titles) =>
        notMeasured.Count == 0 && titles.All(t => results.Any(r => r.Title == t && r.Failures == 0 && r.Baseline.Latency.Successes > 0 && r.Candidate.Latency.Successes > 0));
}
