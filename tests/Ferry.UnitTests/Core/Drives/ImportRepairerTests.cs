using Azure.Storage.Blobs;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary>
/// <see cref="ImportRepairer"/> without a Blob service: choosing the blocks to send from a copy log
/// (<see cref="RepairPlanner"/>), finding original files (<see cref="RepairFileFinder"/>), and the outcomes reached before
/// any request. The Blob service part runs against Azurite in the integration tests.
/// </summary>
public sealed class ImportRepairerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ManifestBlock Block(long offset, long length, int index) => new(offset, length, DrivePreparer.BlockId(index), new string((char)('A' + index), 32));

    private static readonly ManifestBlob _koala = new(
        "pictures/animals/koala.jpg", @"\ses1\animals\koala.jpg", 163840, BlobKind.BlockBlob, ImportDisposition.Rename,
        [Block(0, 65536, 0), Block(65536, 65536, 1), Block(131072, 32768, 2)], [], null, null, null, null);

    private static readonly ManifestBlob _disk = new(
        "vhds/disk.vhd", @"\ses1\disk.vhd", 3 * 4096, BlobKind.PageBlob, null, [],
        [new ManifestPageRange(0, 4096, new string('1', 32)), new ManifestPageRange(8192, 4096, new string('2', 32))], null, null, null, null);

    private static readonly ManifestBlob _fine = _koala with { BlobPath = "pictures/fine.jpg", FilePath = @"\ses1\fine.jpg" };

    private static readonly DriveManifest _manifest = new(DriveManifest.CurrentVersion, "DRIVE001", "key", null, "Ferry", [new ManifestBlobList("ses1-0", null, null, [_koala, _disk, _fine])]);

    private static CopyLogBlob LogOf(ManifestBlob blob, string status, IReadOnlyList<CopyLogRange> ranges, string? disposition = null) =>
        new(status, blob.BlobPath, blob.FilePath, blob.Length, null, null, disposition is null ? null : "rename", disposition, blob.Kind, ranges, null, null);

    [Fact]
    public void The_planner_picks_the_failing_blocks_and_ranges_and_leaves_completed_and_skipped_blobs_alone()
    {
        var log = new CopyLog("DRIVE001",
        [
            LogOf(_koala, CopyLogStatus.CompletedWithErrors,
            [
                new CopyLogRange(0, 65536, _koala.Blocks[0].Id, null, CopyLogStatus.Uncommitted),
                new CopyLogRange(65536, 65536, _koala.Blocks[1].Id, null, CopyLogStatus.Corrupted),
                new CopyLogRange(131072, 32768, _koala.Blocks[2].Id, null, CopyLogStatus.Cancelled),
            ]),
            LogOf(_disk, CopyLogStatus.CompletedWithErrors, [new CopyLogRange(0, 4096, null, null, CopyLogStatus.Completed), new CopyLogRange(8192, 4096, null, null, CopyLogStatus.BlobRequestFailed)]),
            LogOf(_fine, CopyLogStatus.Completed, [new CopyLogRange(0, 65536, null, null, CopyLogStatus.Committed)]),
            LogOf(_fine with { BlobPath = "pictures/kept.jpg" }, CopyLogStatus.Completed, [], CopyLogStatus.Skipped),
        ], CopyLogStatus.CompletedWithErrors);

        var items = RepairPlanner.Plan(log, _manifest);

        Assert.Equal(2, items.Count);
        Assert.Equal(_koala.Blocks, items[0].Blocks);
        Assert.Empty(items[0].Ranges);
        Assert.Equal([_disk.PageRanges[1]], items[1].Ranges);
        Assert.All(items, i => Assert.Null(i.Problem));
    }

    [Fact]
    public void A_blob_that_failed_as_a_whole_resends_everything_and_a_renamed_blob_keeps_its_new_name()
    {
        var renamed = LogOf(_koala, CopyLogStatus.FileNotFound, [], CopyLogStatus.Renamed) with { BlobPath = "pictures/animals/koala (2).jpg" };
        var log = new CopyLog("DRIVE001", [renamed, LogOf(_disk, CopyLogStatus.IOFailed, [])], CopyLogStatus.CompletedWithErrors);

        var items = RepairPlanner.Plan(log, _manifest);

        Assert.Equal(_koala.Blocks, items[0].Blocks);
        Assert.Equal("pictures/animals/koala (2).jpg", items[0].Log.BlobPath);
        Assert.Same(_koala, items[0].Manifest);
        Assert.Equal(_disk.PageRanges, items[1].Ranges);
    }

    [Fact]
    public void A_blob_the_manifest_does_not_describe_is_reported_as_a_problem()
    {
        var stranger = LogOf(_fine with { FilePath = @"\other\x.jpg" }, CopyLogStatus.Failed, []);
        var wrongBlock = LogOf(_koala, CopyLogStatus.CompletedWithErrors, [new CopyLogRange(1000, 10, null, null, CopyLogStatus.Corrupted)]);

        var items = RepairPlanner.Plan(new CopyLog("DRIVE001", [stranger, wrongBlock], CopyLogStatus.CompletedWithErrors), _manifest);

        Assert.Contains("no file", items[0].Problem, StringComparison.Ordinal);
        Assert.Contains("blocks the manifest does not have", items[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finder_uses_the_path_map_then_the_drive_path_without_the_session_folder_then_a_unique_name_and_length()
    {
        using var w = new DriveWorkspace();
        var byPath = w.File("src/animals/koala.jpg", 100, 1);
        var byName = w.File("elsewhere/deep/disk.vhd", 50, 2);
        var mapped = w.File("mapped/real.bin", 10, 3);
        var map = w.Text("map.txt", "\\ses1\\odd.bin\tmapped/real.bin\n\n");
        var finder = new RepairFileFinder([w.Combine("src"), w.Combine("elsewhere")], RepairFileFinder.ReadPathMap(map));

        Assert.Equal(byPath, finder.Find(@"\ses1\animals\koala.jpg", 100, _ => true).Path);
        Assert.Equal(byName, finder.Find(@"\ses1\disk.vhd", 50, _ => true).Path);
        Assert.Equal(mapped, finder.Find("ses1/ODD.bin", 10, _ => false).Path);
        Assert.Null(finder.Find(@"\ses1\disk.vhd", 51, _ => true).Path);
        Assert.Contains("no file named", finder.Find(@"\ses1\missing.bin", 1, _ => true).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finder_tells_same_named_files_apart_by_their_bytes_and_reports_true_ambiguity()
    {
        using var w = new DriveWorkspace();
        var good = w.File("src/a/report.txt", 20, 1);
        var other = w.File("src/b/report.txt", 20, 2);
        var finder = new RepairFileFinder([w.Combine("src")], new Dictionary<string, string>());

        var chosen = finder.Find(@"\ses1\report.txt", 20, path => path == good);
        var ambiguous = finder.Find(@"\ses1\report.txt", 20, _ => true);

        Assert.Equal(good, chosen.Path);
        Assert.Null(ambiguous.Path);
        Assert.Contains("2 files match", ambiguous.Reason, StringComparison.Ordinal);
        Assert.Contains(other, ambiguous.Reason, StringComparison.Ordinal);
        Assert.Contains("path map", ambiguous.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_map_line_without_a_tab_is_refused_naming_its_line()
    {
        using var w = new DriveWorkspace();
        var map = w.Text("map.txt", "\\a\tb\n\\c d\n");

        var e = Assert.Throws<DrivePreparationException>(() => RepairFileFinder.ReadPathMap(map));

        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blobs_whose_files_are_missing_are_reported_without_any_Blob_service_request()
    {
        using var w = new DriveWorkspace();
        var logFile = w.Combine("error.xml");
        var manifestFile = w.Combine("manifest.xml");
        using (var stream = File.Create(logFile))
        {
            CopyLogXml.WriteErrors(stream, new CopyLog("DRIVE001", [LogOf(_koala, CopyLogStatus.FileNotFound, [])], CopyLogStatus.CompletedWithErrors));
        }

        using (var stream = File.Create(manifestFile))
        {
            DriveManifestXml.Write(stream, _manifest);
        }

        var calls = 0;
        BlobContainerClient Never(string container)
        {
            calls++;
            throw new InvalidOperationException("no Blob service in unit tests");
        }

        var report = await new ImportRepairer().RepairAsync(new RepairRequest(logFile, manifestFile, [w.Directory("empty")], null, Never), null, Ct);

        var blob = Assert.Single(report.Blobs);
        Assert.Equal((RepairOutcome.NotFound, "pictures/animals/koala.jpg", 0), (blob.Outcome, blob.BlobPath, blob.RangesSent));
        Assert.False(report.Complete);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_copy_log_of_another_drive_is_refused()
    {
        using var w = new DriveWorkspace();
        var logFile = w.Combine("error.xml");
        var manifestFile = w.Combine("manifest.xml");
        using (var stream = File.Create(logFile))
        {
            CopyLogXml.WriteErrors(stream, new CopyLog("OTHER", [], CopyLogStatus.Completed));
        }

        using (var stream = File.Create(manifestFile))
        {
            DriveManifestXml.Write(stream, _manifest);
        }

        var e = await Assert.ThrowsAsync<DrivePreparationException>(() =>
            new ImportRepairer().RepairAsync(new RepairRequest(logFile, manifestFile, [], null, _ => throw new InvalidOperationException()), null, Ct));

        Assert.Contains("OTHER", e.Message, StringComparison.Ordinal);
    }
}
