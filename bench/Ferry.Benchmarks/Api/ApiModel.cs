namespace Ferry.Benchmarks.Api;

/// <summary>What answers a slice: Ferry on one database, or Azurite (the API peer).</summary>
internal enum ApiBackend
{
    Sqlite,
    PostgreSql,
    Azurite,
}

/// <summary>The two job counts of a run.</summary>
internal enum ApiPhaseSize
{
    Small,
    Large,
}

/// <summary>Every operation the API benchmark measures: Ferry's, then Azurite's peers.</summary>
internal enum ApiOperation
{
    ServiceDocument,
    GetJob,
    ArmGetJob,
    PutJob,
    UpdateJob,
    DeleteJob,
    GetContainerProperties,
    CreateContainer,
    SetContainerMetadata,
    DeleteContainer,
}

/// <summary>Names, keys and peers of the operations.</summary>
internal static class ApiOperations
{
    /// <summary>Ferry's operations in the order a round measures them (Put Job before Delete Job: the deletes take the jobs the puts made).</summary>
    public static readonly IReadOnlyList<ApiOperation> FerryOperations =
        [ApiOperation.ServiceDocument, ApiOperation.GetJob, ApiOperation.ArmGetJob, ApiOperation.PutJob, ApiOperation.UpdateJob, ApiOperation.DeleteJob];

    public static string Title(ApiOperation operation) => operation switch
    {
        ApiOperation.ServiceDocument => "Get Service Document (ceiling)",
        ApiOperation.GetJob => "Classic Get Job (mTLS)",
        ApiOperation.ArmGetJob => "ARM Get Job (bearer)",
        ApiOperation.PutJob => "Put Job (create)",
        ApiOperation.UpdateJob => "Update Job Properties",
        ApiOperation.DeleteJob => "Delete Job",
        ApiOperation.GetContainerProperties => "Get Container Properties",
        ApiOperation.CreateContainer => "Create Container",
        ApiOperation.SetContainerMetadata => "Set Container Metadata",
        ApiOperation.DeleteContainer => "Delete Container",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>The key of <c>--trace</c>: <c>get-job</c>, <c>put-job</c>, ….</summary>
    public static string Key(ApiOperation operation) => operation switch
    {
        ApiOperation.ServiceDocument => "service-document",
        ApiOperation.GetJob => "get-job",
        ApiOperation.ArmGetJob => "arm-get-job",
        ApiOperation.PutJob => "put-job",
        ApiOperation.UpdateJob => "update-job",
        ApiOperation.DeleteJob => "delete-job",
        ApiOperation.GetContainerProperties => "get-container-properties",
        ApiOperation.CreateContainer => "create-container",
        ApiOperation.SetContainerMetadata => "set-container-metadata",
        ApiOperation.DeleteContainer => "delete-container",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static string BackendKey(ApiBackend backend) => backend switch
    {
        ApiBackend.Sqlite => "sqlite",
        ApiBackend.PostgreSql => "postgresql",
        ApiBackend.Azurite => "azurite",
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    public static string BackendTitle(ApiBackend backend) => backend switch
    {
        ApiBackend.Sqlite => "Ferry, SQLite",
        ApiBackend.PostgreSql => "Ferry, PostgreSQL",
        ApiBackend.Azurite => "Azurite",
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    /// <summary>Azurite's operation measured beside a Ferry operation, or null when it has none.</summary>
    public static ApiOperation? PeerOf(ApiOperation operation) => operation switch
    {
        ApiOperation.GetJob => ApiOperation.GetContainerProperties,
        ApiOperation.PutJob => ApiOperation.CreateContainer,
        ApiOperation.UpdateJob => ApiOperation.SetContainerMetadata,
        ApiOperation.DeleteJob => ApiOperation.DeleteContainer,
        _ => null,
    };
}

/// <summary>
/// One operation on one backend in one phase, summed over its measured slices: latencies and throughput, and the CPU
/// seconds of the load client, of the process answering (Ferry server or Azurite) and of PostgreSQL (null when none).
/// </summary>
internal sealed record ApiMeasurement(ApiPhaseSize Phase, ApiBackend Backend, ApiOperation Operation, LatencySummary Latency, double ClientCpuSeconds, double TargetCpuSeconds, double? PostgresCpuSeconds)
{
    public double Rate => Latency.RequestsPerSecond;

    /// <summary>Cores the load client used on average while this operation was measured.</summary>
    public double ClientCores => Latency.Elapsed > TimeSpan.Zero ? ClientCpuSeconds / Latency.Elapsed.TotalSeconds : double.NaN;

    /// <summary>Cores the answering process used on average.</summary>
    public double TargetCores => Latency.Elapsed > TimeSpan.Zero ? TargetCpuSeconds / Latency.Elapsed.TotalSeconds : double.NaN;
}

/// <summary>A Ferry server's memory: right after start (only <c>/healthz</c> answered), after seeding and warm-up, and its peak (VmHWM) at the end of the phase.</summary>
internal sealed record ServerMemory(ApiBackend Backend, MemorySample? AfterStart, MemorySample? AfterWarmup, MemorySample? AtEnd);

/// <summary>One phase: the jobs in each Ferry database while measured, how they were seeded, the measurements and the servers' memory.</summary>
internal sealed record ApiPhaseResult(
    ApiPhaseSize Size, long TargetJobs, IReadOnlyDictionary<ApiBackend, long> JobsInDatabase, IReadOnlyDictionary<ApiBackend, string> Seeding,
    IReadOnlyList<ApiMeasurement> Measurements, IReadOnlyList<ServerMemory> Memory, IReadOnlyList<string> Failures);

/// <summary>A target of the issue, what was measured for it, and whether it was met (null: not measured, which counts as missed).</summary>
internal sealed record ApiTargetResult(string Section, string Target, string Measured, bool? Met)
{
    public bool Passed => Met == true;
}
