using System.Text;
using System.Xml.Linq;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="CopyLogXml"/>: verbose and error logs of docs/formats.md §3, and reading them back for repairs.</summary>
public sealed class CopyLogXmlTests
{
    private static readonly string _hash = Md5Hex.Of("range"u8);

    private static CopyLogBlob Koala(string status = CopyLogStatus.Completed, string thirdBlock = CopyLogStatus.Completed) => new(
        status, "pictures/animals/koala.jpg", @"\animals\koala.jpg", 163840, null, null, "overwrite", CopyLogStatus.Overwritten, BlobKind.BlockBlob,
        [
            new CopyLogRange(0, 65536, "AAAAAA==", _hash, CopyLogStatus.Completed),
            new CopyLogRange(65536, 65536, "AAAAAQ==", _hash, CopyLogStatus.Corrupted),
            new CopyLogRange(131072, 32768, "AAAAAg==", _hash, thirdBlock),
        ],
        new CopyLogFileStatus(CopyLogStatus.Completed, @"\s\metadata.xml", _hash, @"\animals\koala.jpg.metadata", _hash),
        new CopyLogFileStatus(CopyLogStatus.Completed, null, null, @"\animals\koala.jpg.properties", _hash));

    private static CopyLogBlob Done(string path) => new(
        CopyLogStatus.Completed, path, "\\" + path.Replace('/', '\\'), 10, null, null, "rename", CopyLogStatus.Created, BlobKind.BlockBlob,
        [new CopyLogRange(0, 10, null, _hash, CopyLogStatus.Completed)], new CopyLogFileStatus(CopyLogStatus.Completed, null, null, @"\x.metadata", _hash), null);

    private static string Write(Action<Stream, CopyLog> write, CopyLog log)
    {
        using var stream = new MemoryStream();
        write(stream, log);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (CopyLog? Log, DriveFormatProblem? Problem) Read(string xml, ManifestLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        CopyLogXml.TryRead(stream, limits ?? ManifestLimits.Default, out var log, out var problem);
        return (log, problem);
    }

    [Fact]
    public void The_verbose_log_holds_every_blob_and_range_and_reads_back_equal()
    {
        var exported = new CopyLogBlob(
            CopyLogStatus.Completed, "vhds/disk.vhd", @"\vhds\disk.vhd", 4096, new DateTimeOffset(2014, 9, 5, 21, 29, 9, TimeSpan.Zero).AddTicks(1234567),
            new DateTimeOffset(2014, 9, 6, 1, 0, 0, TimeSpan.FromHours(2)), null, null, BlobKind.PageBlob,
            [new CopyLogRange(0, 512, null, _hash, CopyLogStatus.Completed), new CopyLogRange(1024, 1024, null, null, CopyLogStatus.Completed)], null, null);
        var log = new CopyLog("9WM35C2V", [Koala(CopyLogStatus.CompletedWithErrors), Done("c/done.txt"), exported], CopyLogStatus.CompletedWithErrors);

        var xml = Write(CopyLogXml.WriteVerbose, log);
        var (read, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Equal(log, read);
        var document = XDocument.Parse(xml);
        Assert.Equal("2014-11-01", document.Root!.Attribute("Version")!.Value);
        Assert.Equal(3, document.Root.Elements("Blob").Count());
        Assert.Equal(6, document.Descendants().Count(e => e.Name.LocalName is "Block" or "PageRange"));
        Assert.Contains("<Snapshot>2014-09-05T21:29:09.1234567Z</Snapshot>", xml, StringComparison.Ordinal);
        Assert.Contains("<LastModified>2014-09-05T23:00:00.0000000Z</LastModified>", xml, StringComparison.Ordinal);
        Assert.Contains("<ImportDisposition Status=\"Overwritten\">overwrite</ImportDisposition>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_log_keeps_only_the_corrupted_block_of_three_and_drops_completed_blobs()
    {
        var log = new CopyLog("9WM35C2V", [Done("c/first.txt"), Koala(CopyLogStatus.CompletedWithErrors), Done("c/last.txt")], CopyLogStatus.CompletedWithErrors);

        var document = XDocument.Parse(Write(CopyLogXml.WriteErrors, log));

        var blob = Assert.Single(document.Root!.Elements("Blob"));
        Assert.Equal("CompletedWithErrors", blob.Attribute("Status")!.Value);
        Assert.Equal("pictures/animals/koala.jpg", blob.Element("BlobPath")!.Value);
        var block = Assert.Single(blob.Element("BlockList")!.Elements("Block"));
        Assert.Equal(("65536", "Corrupted"), (block.Attribute("Offset")!.Value, block.Attribute("Status")!.Value));
        Assert.Equal("Overwritten", blob.Element("ImportDisposition")!.Attribute("Status")!.Value);
        Assert.Null(blob.Element("Metadata"));
        Assert.Null(blob.Element("Properties"));
        Assert.Equal("CompletedWithErrors", document.Root.Element("Status")!.Value);
        Assert.Equal("2014-11-01", document.Root.Attribute("Version")!.Value);
    }

    [Fact]
    public void An_uncommitted_or_cancelled_range_is_a_failure_but_a_committed_one_is_not()
    {
        var blob = Koala(thirdBlock: CopyLogStatus.Uncommitted) with
        {
            Ranges = [new CopyLogRange(0, 1, null, null, CopyLogStatus.Committed), new CopyLogRange(1, 1, null, null, CopyLogStatus.Cancelled), new CopyLogRange(2, 1, null, null, CopyLogStatus.Uncommitted)],
        };

        var (read, _) = Read(Write(CopyLogXml.WriteErrors, new CopyLog("D", [blob], CopyLogStatus.CompletedWithErrors)));

        Assert.Equal([CopyLogStatus.Cancelled, CopyLogStatus.Uncommitted], Assert.Single(read!.Blobs).Ranges.Select(r => r.Status));
    }

    [Fact]
    public void A_blob_failing_only_in_its_metadata_is_logged_with_an_empty_block_list_and_the_failed_file()
    {
        var blob = Done("c/a.txt") with { Metadata = new CopyLogFileStatus(CopyLogStatus.XmlReadFailed, null, null, @"\a.txt.metadata", _hash) };
        var log = new CopyLog("D", [blob], CopyLogStatus.CompletedWithErrors);

        var xml = Write(CopyLogXml.WriteErrors, log);
        var (read, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Contains("<BlockList />", xml, StringComparison.Ordinal);
        var logged = Assert.Single(read!.Blobs);
        Assert.Empty(logged.Ranges);
        Assert.Equal(CopyLogStatus.XmlReadFailed, logged.Metadata!.Status);
    }

    [Fact]
    public void A_failed_properties_file_without_paths_is_written_bare()
    {
        var blob = Done("c/a.txt") with { Properties = new CopyLogFileStatus(CopyLogStatus.Failed, null, null, null, null) };

        var xml = Write(CopyLogXml.WriteErrors, new CopyLog("D", [blob], CopyLogStatus.CompletedWithErrors));

        Assert.Contains("<Properties Status=\"Failed\" />", xml, StringComparison.Ordinal);
        Assert.Equal(blob.Properties, Read(xml).Log!.Blobs[0].Properties);
    }

    [Fact]
    public void A_cancelled_disposition_puts_the_blob_in_the_error_log_but_a_skipped_one_does_not()
    {
        var cancelled = Done("c/cancelled.txt") with { DispositionStatus = CopyLogStatus.Cancelled };
        var skipped = Done("c/skipped.txt") with { Disposition = "no-overwrite", DispositionStatus = CopyLogStatus.Skipped };
        var renamed = Done("c/renamed (2).txt") with { DispositionStatus = CopyLogStatus.Renamed };

        var (read, _) = Read(Write(CopyLogXml.WriteErrors, new CopyLog("D", [cancelled, skipped, renamed], CopyLogStatus.CompletedWithErrors)));

        Assert.Equal(["c/cancelled.txt"], read!.Blobs.Select(b => b.BlobPath));
    }

    [Fact]
    public void A_failed_blob_status_alone_puts_the_blob_in_the_error_log()
    {
        var missing = Done("c/missing.txt") with { Status = CopyLogStatus.FileNotFound, Ranges = [new CopyLogRange(0, 10, null, _hash, CopyLogStatus.Cancelled)] };

        var (read, _) = Read(Write(CopyLogXml.WriteErrors, new CopyLog("D", [missing], CopyLogStatus.CompletedWithErrors)));

        Assert.Equal(CopyLogStatus.FileNotFound, Assert.Single(read!.Blobs).Status);
    }

    [Fact]
    public void The_error_log_of_a_clean_drive_holds_only_the_drive_id_and_status()
    {
        var xml = Write(CopyLogXml.WriteErrors, new CopyLog("9WM35C2V", [Done("c/a"), Done("c/b")], CopyLogStatus.Completed));

        var root = XDocument.Parse(xml).Root!;

        Assert.Equal(["DriveId", "Status"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("Completed", root.Element("Status")!.Value);
    }

    [Fact]
    public void A_log_without_Version_as_on_the_repair_pages_is_readable()
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <DriveLog>
              <DriveId>9WM35C2V</DriveId>
              <Blob Status="CompletedWithErrors">
                <BlobPath>pictures/animals/koala.jpg</BlobPath>
                <FilePath>\animals\koala.jpg</FilePath>
                <Length>163840</Length>
                <ImportDisposition Status="Overwritten">overwrite</ImportDisposition>
                <BlockList>
                  <Block Offset="65536" Length="65536" Id="AAAAAQ==" Hash="{_hash.ToLowerInvariant()}" Status="Corrupted" />
                </BlockList>
              </Blob>
              <Blob Status="FileNotFound">
                <BlobPath>pictures/animals/bear.jpg</BlobPath>
                <FilePath>\animals\bear.jpg</FilePath>
                <Length>0</Length>
                <Properties Status="Failed" />
              </Blob>
              <Status>CompletedWithErrors</Status>
            </DriveLog>
            """;

        var (log, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Equal(("9WM35C2V", CopyLogStatus.CompletedWithErrors), (log!.DriveId, log.Status));
        var koala = log.Blobs[0];
        Assert.Equal(("overwrite", "Overwritten"), (koala.Disposition, koala.DispositionStatus));
        var block = Assert.Single(koala.Ranges);
        Assert.Equal(new CopyLogRange(65536, 65536, "AAAAAQ==", _hash, CopyLogStatus.Corrupted), block);
        Assert.Equal(BlobKind.BlockBlob, log.Blobs[1].Kind);
        Assert.Empty(log.Blobs[1].Ranges);
        Assert.Equal(new CopyLogFileStatus(CopyLogStatus.Failed, null, null, null, null), log.Blobs[1].Properties);
    }

    [Theory]
    [InlineData("<DriveLog Version=\"1999-01-01\"><DriveId>D</DriveId><Status>Completed</Status></DriveLog>", "version")]
    [InlineData("<DriveLog><Status>Completed</Status></DriveLog>", "DriveId")]
    [InlineData("<DriveLog><DriveId>D</DriveId></DriveLog>", "Status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Status>Done</Status></DriveLog>", "drive status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Status>Completed</Status><DriveId>E</DriveId></DriveLog>", "out of order")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Renamed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length></Blob><Status>Completed</Status></DriveLog>", "blob status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Status=\"Renamed\" /></BlockList></Blob><Status>Completed</Status></DriveLog>", "range status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><ImportDisposition Status=\"Corrupted\">rename</ImportDisposition></Blob><Status>Completed</Status></DriveLog>", "disposition status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><ImportDisposition>rename</ImportDisposition></Blob><Status>Completed</Status></DriveLog>", "Status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><Metadata Status=\"Skipped\" /></Blob><Status>Completed</Status></DriveLog>", "metadata or properties status")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>512</Length><PageRangeList><PageRange Offset=\"0\" Length=\"512\" Id=\"AAAA\" Status=\"Completed\" /></PageRangeList></Blob><Status>Completed</Status></DriveLog>", "attribute Id")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>-1</Length></Blob><Status>Completed</Status></DriveLog>", "non-negative")]
    [InlineData("<DriveLog><DriveId>D</DriveId><Blob Status=\"Completed\"><BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Hash=\"xyz\" Status=\"Completed\" /></BlockList></Blob><Status>Completed</Status></DriveLog>", "hex")]
    [InlineData("<!DOCTYPE DriveLog [<!ENTITY x \"y\">]><DriveLog><DriveId>&x;</DriveId><Status>Completed</Status></DriveLog>", "DTD")]
    public void A_malformed_log_is_rejected(string xml, string expected)
    {
        var (log, problem) = Read(xml);

        Assert.Null(log);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_applies_the_blob_and_range_limits()
    {
        var log = new CopyLog("D", [Koala(), Done("c/a")], CopyLogStatus.Completed);
        var xml = Write(CopyLogXml.WriteVerbose, log);

        Assert.Contains("more than 1 blobs", Read(xml, new ManifestLimits(MaxBlobs: 1)).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("more than 2 <Block>", Read(xml, new ManifestLimits(MaxBlocksPerBlob: 2)).Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("larger than", Read(xml, new ManifestLimits(MaxDocumentCharacters: 100)).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_refuses_a_status_outside_its_set()
    {
        using var stream = new MemoryStream();
        var badRange = new CopyLog("D", [Koala(thirdBlock: "Done")], CopyLogStatus.Completed);
        var badDrive = new CopyLog("D", [], CopyLogStatus.Renamed);
        var lonelyDisposition = new CopyLog("D", [Done("c/a") with { DispositionStatus = null }], CopyLogStatus.Completed);

        Assert.Throws<ArgumentException>(() => CopyLogXml.WriteVerbose(stream, badRange));
        Assert.Throws<ArgumentException>(() => CopyLogXml.WriteErrors(stream, badDrive));
        Assert.Throws<ArgumentException>(() => CopyLogXml.WriteVerbose(stream, lonelyDisposition));
        Assert.Equal(0, stream.Length);
    }
}
