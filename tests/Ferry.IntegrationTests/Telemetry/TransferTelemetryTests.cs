using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Ferry.Core.Drives;
using Ferry.Core.Telemetry;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.IntegrationTests.Telemetry;

/// <summary>
/// A real import into Azurite, observed (docs/architecture.md §9): the drive's copy is one span with its job, drive,
/// bytes and blocks, the blob calls are its children; the meter counts the bytes and blocks; and a scrape of
/// <c>/metrics</c> shows the request counts, the bytes transferred and the jobs by state.
/// </summary>
/// <remarks>
/// The OpenTelemetry SDK listens to meters by name across the whole process, so a scrape would also show the meters of
/// other test servers alive at the same time (a real process runs one server). The class therefore runs alone, after
/// the parallel tests, when no other server is left.
/// </remarks>
[Collection(TelemetryScrapeCollection.Name)]
public sealed class TransferTelemetryTests(Azurite azurite)
{
    private static readonly long[] _sizes = [1_000, 65_536, 300_000];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_is_a_span_with_blob_children_counted_on_the_meter_and_the_scrape()
    {
        using var spans = new SpanRecorder(FerryTelemetry.Name, "System.Net.Http");
        await using var h = await TransferHarness.StartAsync(azurite);
        using var meter = new MeasurementRecorder(h.Server.Services.GetRequiredService<IMeterFactory>(),
            "ferry.transfer.bytes", "ferry.transfer.blocks.verified", "ferry.transfer.duration", "ferry.transfer.throughput");
        var container = TransferHarness.NewContainer();
        for (var i = 0; i < _sizes.Length; i++)
        {
            h.WriteRandomFile($"src/data/file{i}.bin", _sizes[i], seed: i);
        }

        var drives = await h.PrepareAsync(
            [new DatasetEntry(Path.Combine(h.Work, "src", "data") + "/", $"{container}/data/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null)],
            [new PrepareDrive(h.NewDriveFolder())]);
        var drive = Assert.Single(drives);
        h.Ship(drive);
        var jobName = "telemetry" + Guid.NewGuid().ToString("N")[..8];
        await h.CreateAndShipAsync(TransferHarness.ImportJob(jobName, [TransferHarness.DriveOf(drive)]));
        await h.WaitForStateAsync(jobName, "Completed", "Closed");

        // The span: job, drive, bytes, blocks, outcome.
        var total = _sizes.Sum();
        var span = await spans.Spans.WaitForAsync(s => s.OperationName == FerryTelemetry.TransferSpan && (string?)s.GetTagItem("ferry.job.name") == jobName);
        Assert.Equal(drive.DriveId, span.GetTagItem("ferry.drive.id"));
        Assert.Equal("import", span.GetTagItem("ferry.job.type"));
        Assert.Equal(h.Server.SubscriptionId, span.GetTagItem("ferry.subscription.id"));
        Assert.Equal(total, span.GetTagItem("ferry.transfer.bytes"));
        Assert.Equal("Completed", span.GetTagItem("ferry.copy_status"));
        var blocks = (long)span.GetTagItem("ferry.transfer.blocks.verified")!;
        Assert.True(blocks >= _sizes.Length, $"{blocks} blocks verified");
        Assert.Equal(0L, span.GetTagItem("ferry.transfer.blocks.failed"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);

        // The blob calls are its children: every upload, on the same trace.
        var children = spans.Spans.Items.Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == span.SpanId).ToList();
        Assert.True(children.Count >= _sizes.Length, $"{children.Count} child spans");
        Assert.All(children, c => Assert.Equal(span.TraceId, c.TraceId));
        Assert.Contains(children, c => c.GetTagItem("http.request.method") as string == "PUT"
            && (c.GetTagItem("url.full") as string ?? "").Contains($"/{container}/data/", StringComparison.Ordinal));

        // The meter: the same bytes, the blocks, one duration and one throughput for the drive.
        Assert.Equal(total, meter.Measurements.Items.Where(m => m.Instrument == "ferry.transfer.bytes").Sum(m => m.Value));
        Assert.Equal(blocks, meter.Measurements.Items.Where(m => m.Instrument == "ferry.transfer.blocks.verified").Sum(m => m.Value));
        var duration = Assert.Single(meter.Measurements.Items, m => m.Instrument == "ferry.transfer.duration");
        Assert.Equal("Completed", duration.Tag("ferry.copy_status"));
        Assert.Equal("import", duration.Tag("ferry.job.type"));
        Assert.Single(meter.Measurements.Items, m => m.Instrument == "ferry.transfer.throughput");

        // The scrape: requests by surface and operation, bytes, jobs by state.
        using var op = h.Server.CreateOperatorClient();
        using var anonymous = h.Server.CreateClient(anonymous: true);
        using var refused = await anonymous.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var scraped = await op.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        var text = await scraped.Content.ReadAsStringAsync(Ct);
        var bytes = Assert.Single(PrometheusText.Samples(text, "ferry_transfer_bytes_total", "ferry_job_type=\"import\""));
        Assert.Equal(total, PrometheusText.ValueOf(bytes));
        Assert.Equal(blocks, PrometheusText.ValueOf(Assert.Single(PrometheusText.Samples(text, "ferry_transfer_blocks_verified_total"))));
        var puts = Assert.Single(PrometheusText.Samples(text, "http_server_request_duration_seconds_count", "ferry_surface=\"classic\"", "ferry_operation=\"Put Job\""));
        Assert.Equal(1, PrometheusText.ValueOf(puts));
        Assert.Contains("http_response_status_code=\"201\"", puts, StringComparison.Ordinal);
        Assert.NotEmpty(PrometheusText.Samples(text, "http_server_request_duration_seconds_count", "ferry_surface=\"classic\"", "ferry_operation=\"Update Job\""));
        var jobs = PrometheusText.Samples(text, "ferry_jobs");
        Assert.True(Enum.GetValues<Ferry.Core.Jobs.JobState>().Length == jobs.Count, "ferry_jobs samples:\n" + string.Join("\n", jobs));
        Assert.Equal(1, jobs.Sum(PrometheusText.ValueOf));
        var held = Assert.Single(jobs, l => PrometheusText.ValueOf(l) == 1);
        Assert.Matches("ferry_job_state=\"(Completed|Closed)\"", held);
        Assert.NotEmpty(PrometheusText.Samples(text, "ferry_transfer_duration_seconds_count", "ferry_copy_status=\"Completed\""));
    }
}

/// <summary>Tests that read the process-wide <c>/metrics</c> scrape: run alone, with no other test server alive.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryScrapeCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Telemetry scrape";
}
