using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// Azurite as the API peer: a set of containers read by Get Container Properties and written by Set Container
/// Metadata (the peers of Get Job and Update Job Properties), and the containers Create Container makes, which
/// Delete Container drains (the peers of Put Job and Delete Job).
/// </summary>
internal sealed class AzuritePeer(HttpClient client, AzuriteRequests requests, int processId, ApiBenchmark bench)
{
    private readonly ConcurrentQueue<string> _deletable = new();
    private int _containers;

    public int ProcessId { get; } = processId;

    /// <summary>Creates the read set of <paramref name="containers"/> containers and checks one request of each operation.</summary>
    public async Task SetUpAsync(int containers, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  creating {containers:N0} containers in Azurite…");
        await Parallel.ForEachAsync(Enumerable.Range(1, containers), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
        {
            using var create = requests.Container(HttpMethod.Put, ReadName(i));
            using (await Probe.SendAsync(client, create, HttpStatusCode.Created, token))
            {
            }
        });
        _containers = containers;
        using (var get = requests.Container(HttpMethod.Get, ReadName(containers)))
        using (await Probe.SendAsync(client, get, HttpStatusCode.OK, cancellationToken))
        {
        }

        using (var metadata = requests.SetMetadata(ReadName(1), "check"))
        using (await Probe.SendAsync(client, metadata, HttpStatusCode.OK, cancellationToken))
        {
        }

        var name = bench.NextContainerName();
        using (var create = requests.Container(HttpMethod.Put, name))
        using (await Probe.SendAsync(client, create, HttpStatusCode.Created, cancellationToken))
        {
        }

        using (var delete = requests.Container(HttpMethod.Delete, name))
        using (await Probe.SendAsync(client, delete, HttpStatusCode.Accepted, cancellationToken))
        {
        }
    }

    /// <summary>The slice source of <paramref name="operation"/> on Azurite.</summary>
    public SliceSource Operation(ApiOperation operation) => operation switch
    {
        ApiOperation.GetContainerProperties => Unbounded(operation, HttpStatusCode.OK, () => requests.Container(HttpMethod.Get, RandomReadName())),
        ApiOperation.CreateContainer => Unbounded(operation, HttpStatusCode.Created, () =>
        {
            var name = bench.NextContainerName();
            _deletable.Enqueue(name);
            return requests.Container(HttpMethod.Put, name);
        }),
        ApiOperation.SetContainerMetadata => Unbounded(operation, HttpStatusCode.OK, () => requests.SetMetadata(RandomReadName(), bench.NextUpdateValue())),
        ApiOperation.DeleteContainer => new SliceSource(client, () => (new LoadOperation(ApiOperations.Title(operation), HttpStatusCode.Accepted, () =>
            requests.Container(HttpMethod.Delete, _deletable.TryDequeue(out var name) ? name : throw new InvalidOperationException("The deletion pool ran dry within its budget."))), _deletable.Count)),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation of Azurite."),
    };

    private static string ReadName(int index) => "read" + index.ToString("D8", CultureInfo.InvariantCulture);

    private string RandomReadName() => ReadName(Random.Shared.Next(1, _containers + 1));

    private SliceSource Unbounded(ApiOperation operation, HttpStatusCode expected, Func<HttpRequestMessage> request) =>
        new(client, () => (new LoadOperation(ApiOperations.Title(operation), expected, request), long.MaxValue));
}
