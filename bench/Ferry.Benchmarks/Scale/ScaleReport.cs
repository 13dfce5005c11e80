namespace Ferry.Benchmarks.Scale;

/// <summary>The List Jobs scale part: the two bulk inserts, the comparisons (small account the baseline) and the explained statements.</summary>
internal sealed record ScalePhase(BulkSeedOutcome Small, BulkSeedOutcome Large, IReadOnlyList<Comparison> Results, IReadOnlyList<NotMeasured> NotMeasured, IReadOnlyList<QueryPlan> Plans);

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
    ScalePhase? Scale,
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

    /// <summary>Get, List and Put all measured on both databases without a failed request.</summary>
    public bool BackendsMeasured => Measured(Backends, BackendsNotMeasured, [GetJob, ListFirstPage, PutJob]);

    /// <summary>Get, List and Put all measured on one and two instances without a failed request.</summary>
    public bool InstancesMeasured => Measured(Instances, InstancesNotMeasured, [GetJob, ListFirstPage, PutJob]);

    public Comparison? ScaleFirstPage => Scale?.Results.FirstOrDefault(r => r.Title == ListFirstPage);

    public Comparison? ScaleRandomPage => Scale?.Results.FirstOrDefault(r => r.Title == ListRandomPage);

    public static bool Met(double ratio) => !double.IsNaN(ratio) && ratio <= ListMaxGrowth;

    /// <summary>The List Jobs target: p50 and p95 of the first page and of a random page, each at most 1.5× at the large count.</summary>
    public bool ListTargetMet =>
        ScaleFirstPage is { } f && ScaleRandomPage is { } r && Met(f.P50Ratio) && Met(f.P95Ratio) && Met(r.P50Ratio) && Met(r.P95Ratio);

    public long Failures =>
        Backends.Concat(Instances).Concat(Scale?.Results ?? []).Sum(c => c.Failures)
        + BackendsNotMeasured.Count + InstancesNotMeasured.Count + (Scale?.NotMeasured.Count ?? 0);

    public bool AllTargetsMet => BackendsMeasured && InstancesMeasured && ListTargetMet && Failures == 0;

    private static bool Measured(IReadOnlyList<Comparison> results, IReadOnlyList<NotMeasured> notMeasured, string[] titles) =>
        notMeasured.Count == 0 && titles.All(t => results.Any(r => r.Title == t && r.Failures == 0 && r.Baseline.Latency.Successes > 0 && r.Candidate.Latency.Successes > 0));
}
