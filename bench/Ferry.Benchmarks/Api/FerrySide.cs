using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// One Ferry server of the API benchmark (SQLite or PostgreSQL), its client, and the load operations measured on it.
/// Put Job's names go to a pool that Delete Job drains, so every delete removes a job a put made and the job count
/// stays where the phase put it.
/// </summary>
internal sealed class FerrySide : IAsyncDisposable
{
    private const string ClassicNameMember = "Name";

    private readonly ApiBenchmark _bench;
    private readonly ApiBenchOptions _options;
    private readonly ConcurrentQueue<string> _deletable = new();
    private bool _disposed;

    private FerrySide(ApiBackend backend, string name, string dataDirectory, string? connectionString, ServerProcess server, ServerCredentials credentials, string armToken, ApiBenchmark bench, ApiBenchOptions options)
    {
        Backend = backend;
        Name = name;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        Server = server;
        Credentials = credentials;
        ArmToken = armToken;
        _bench = bench;
        _options = options;
        Client = ClassicClient.CreateHttpClient(credentials, options.Concurrency + 4, TimeSpan.FromSeconds(120));
        Account = ApiBenchmark.Account;
    }

    public ApiBackend Backend { get; }

    public string Name { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    public ServerProcess Server { get; }

    public ServerCredentials Credentials { get; }

    public string ArmToken { get; }

    public HttpClient Client { get; }

    public ClassicClient Classic { get; private set; } = null!;

    public FerryRequests Requests { get; private set; } = null!;

    /// <summary>The storage account whose seeded jobs Get Job and Update Job Properties read, and where Put Job creates.</summary>
    public string Account
    {
        get => Classic.StorageAccount;
        set
        {
            Classic = new ClassicClient(new Uri($"https://127.0.0.1:{Server.Port}/{Credentials.SubscriptionId}/services/importexport"), value);
            Requests = new FerryRequests(Classic, new Uri($"https://127.0.0.1:{Server.Port}/"), Credentials.SubscriptionId, ArmToken);
        }
    }

    /// <summary>The prefix of the seeded job names (<c>job</c>, or the large account's).</summary>
    public string Prefix { get; set; } = "job";

    /// <summary>Seeded jobs <c>{Prefix}0000001</c> to this index exist in <see cref="Account"/>.</summary>
    public long SeededJobs { get; set; }

    /// <summary>Jobs in the database before the large phase's bulk copy: the seeded ones, the ARM ones, the template and the puts not deleted.</summary>
    public long JobsBeforeLarge => _options.JobsSmall + _options.ArmJobs + 1 + _deletable.Count;

    /// <summary>
    /// Starts the server on <paramref name="folder"/>'s data directory (fresh, or the one of an earlier start when
    /// <paramref name="known"/> holds its credentials) and waits until it answers.
    /// </summary>
    public static async Task<FerrySide> StartAsync(
        ApiBackend backend, string root, string folder, string? connectionString, ApiBenchOptions options, ApiBenchmark bench, ServerCredentials? known, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
        List<string> switches = ["--Ferry:Jobs:MaxActiveJobsPerSubscription", ApiBenchOptions.MaxActiveJobs.ToString(CultureInfo.InvariantCulture)];
        if (connectionString is not null)
        {
            switches.AddRange(["--database", "postgresql", "--connection-string", connectionString, "--Ferry:Database:MigrateOnStart", "true"]);
        }

        switches.AddRange(options.ServerArgs);
        var log = Path.Combine(root, folder + (known is null ? "" : "-restarted") + ".log");
        var server = ServerProcess.Start(options.DotnetHost, options.ServerDll, switches, dataDirectory, log, options.ServerEnvironment);
        try
        {
            var credentials = await server.WaitUntilReadyAsync(dataDirectory, TimeSpan.FromMinutes(5), cancellationToken);
            var armToken = ReadArmToken(dataDirectory);
            return new FerrySide(backend, folder, dataDirectory, connectionString, server, known ?? credentials, armToken, bench, options);
        }
        catch (BenchmarkFailedException e)
        {
            var tail = $"{server.FirstErrorInLog()}\n{server.LogTail(15)}";
            await server.DisposeAsync();
            throw new BenchmarkFailedException($"{e.Message}\n{tail}", e);
        }
    }

    /// <summary>
    /// One checked request of each operation before any load: the reads answer the seeded jobs, and a job created,
    /// updated and deleted answers 201, 200 and 200.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using (var request = ClassicClient.Get(Classic.ServiceDocument))
        using (await Probe.SendAsync(Client, request, HttpStatusCode.OK, cancellationToken))
        {
        }

        foreach (var index in new[] { 1, SeededJobs })
        {
            using var request = ClassicClient.Get(Classic.Job(JobName(index)));
            using var probe = await Probe.SendAsync(Client, request, HttpStatusCode.OK, cancellationToken);
            probe.Require(probe.Root.TryGetProperty(ClassicNameMember, out var n) && n.GetString() == JobName(index), $"Get Job does not return Name '{JobName(index)}'");
        }

        using (var request = Requests.ArmGetJob(FerryRequests.ArmName(_options.ArmJobs)))
        using (var probe = await Probe.SendAsync(Client, request, HttpStatusCode.OK, cancellationToken))
        {
            probe.Require(probe.Root.TryGetProperty("name", out var n) && n.GetString() == FerryRequests.ArmName(_options.ArmJobs), "ARM Get Job does not return the job's name");
        }

        var name = _bench.NextPutName();
        using (var put = Classic.PutJob(name))
        using (await Probe.SendAsync(Client, put, HttpStatusCode.Created, cancellationToken))
        {
        }

        using (var patch = Requests.UpdateJob(name, "check"))
        using (await Probe.SendAsync(Client, patch, HttpStatusCode.OK, cancellationToken))
        {
        }

        using (var delete = Requests.DeleteJob(name))
        using (await Probe.SendAsync(Client, delete, HttpStatusCode.OK, cancellationToken))
        {
        }
    }

    /// <summary>The slice source of <paramref name="operation"/> on this server.</summary>
    public SliceSource Operation(ApiOperation operation) => operation switch
    {
        ApiOperation.ServiceDocument => Unbounded(operation, HttpStatusCode.OK, () => ClassicClient.Get(Classic.ServiceDocument)),
        ApiOperation.GetJob => Unbounded(operation, HttpStatusCode.OK, () => ClassicClient.Get(Classic.Job(JobName(Random.Shared.NextInt64(1, SeededJobs + 1))))),
        ApiOperation.ArmGetJob => Unbounded(operation, HttpStatusCode.OK, () => Requests.ArmGetJob(FerryRequests.ArmName(Random.Shared.NextInt64(1, _options.ArmJobs + 1)))),
        ApiOperation.PutJob => Unbounded(operation, HttpStatusCode.Created, () =>
        {
            var name = _bench.NextPutName();
            _deletable.Enqueue(name);
            return Classic.PutJob(name);
        }),
        ApiOperation.UpdateJob => Unbounded(operation, HttpStatusCode.OK, () => Requests.UpdateJob(JobName(Random.Shared.NextInt64(1, SeededJobs + 1)), _bench.NextUpdateValue())),
        ApiOperation.DeleteJob => new SliceSource(Client, () => (new LoadOperation(ApiOperations.Title(operation), HttpStatusCode.OK, () =>
            Requests.DeleteJob(_deletable.TryDequeue(out var name) ? name : throw new InvalidOperationException("The deletion pool ran dry within its budget."))), _deletable.Count)),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation of Ferry."),
    };

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await Server.DisposeAsync();
    }

    private string JobName(long index) => Prefix + index.ToString("D7", CultureInfo.InvariantCulture);

    private SliceSource Unbounded(ApiOperation operation, HttpStatusCode expected, Func<HttpRequestMessage> request) =>
        new(Client, () => (new LoadOperation(ApiOperations.Title(operation), expected, request), long.MaxValue));

    private static string ReadArmToken(string dataDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, ServerCredentials.FileName)));
        return document.RootElement.TryGetProperty("armToken", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new BenchmarkFailedException($"{ServerCredentials.FileName} in {dataDirectory} has no armToken: ARM Get Job cannot be measured.");
    }
}
