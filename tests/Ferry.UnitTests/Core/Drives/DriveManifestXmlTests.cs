using System.Text;
using System.Xml.Linq;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DriveManifestXml"/>: the drive manifest of docs/formats.md §2, read from untrusted drives and written for exports.</summary>
public sealed partial class DriveManifestXmlTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    private static readonly string _hash = Md5Hex.Of("block"u8);
    private static readonly string _otherHash = Md5Hex.Of("other"u8);
    private static readonly DateTimeOffset _snapshot = new(2014, 9, 5, 21, 29, 9, TimeSpan.Zero);

    private static ManifestBlob BlockBlob(string blobPath, string filePath, long length, IReadOnlyList<ManifestBlock> blocks) =>
        new(blobPath, filePath, length, BlobKind.BlockBlob, null, blocks, [], null, null, null, null);

    private static DriveManifest ImportManifest(params ManifestBlobList[] lists) =>
        new(DriveManifest.CurrentVersion, "9WM35C2V", "c2VjcmV0LWFjY291bnQta2V5", null, "WAImportExport 1.5.0.300", lists);

    private static DriveManifest RoundTrip(DriveManifest manifest)
    {
        using var stream = new MemoryStream();
        DriveManifestXml.Write(stream, manifest);
        stream.Position = 0;
        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var read, out var problem), problem?.Message);
        return read;
    }

    private static string Written(DriveManifest manifest)
    {
        using var stream = new MemoryStream();
        DriveManifestXml.Write(stream, manifest);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (DriveManifest? Manifest, DriveFormatProblem? Problem) Read(string xml, ManifestLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        DriveManifestXml.TryRead(stream, limits ?? ManifestLimits.Default, out var manifest, out var problem);
        return (manifest, problem);
    }

    /// <summary>A manifest with one blob list holding one blob whose children are <paramref name="blob"/>.</summary>
    private static string Manifest(string blob, string drive = "<DriveId>9WM35C2V</DriveId><StorageAccountKey>key</StorageAccountKey>", string version = "2014-11-01") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <DriveManifest Version="{version}">
          <Drive>
            {drive}
            <BlobList>
              <Blob>
                {blob}
              </Blob>
            </BlobList>
          </Drive>
        </DriveManifest>
        """;

    /// <summary>A block blob of <paramref name="length"/> bytes with the given blocks (offset, length), all hashed.</summary>
    private static string BlockBlobXml(long length, params (long Offset, long Length)[] blocks) =>
        $"<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>{length}</Length><BlockList>"
        + string.Concat(blocks.Select(b => $"<Block Offset=\"{b.Offset}\" Length=\"{b.Length}\" Hash=\"{_hash}\" />"))
        + "</BlockList>";

    /// <summary>A page blob of <paramref name="length"/> bytes with the given ranges (offset, length), all hashed.</summary>
    private static string PageBlobXml(long length, params (long Offset, long Length)[] ranges) =>
        $"<BlobPath>c/disk.vhd</BlobPath><FilePath>\\disk.vhd</FilePath><Length>{length}</Length><PageRangeList>"
        + string.Concat(ranges.Select(r => $"<PageRange Offset=\"{r.Offset}\" Length=\"{r.Length}\" Hash=\"{_hash}\" />"))
        + "</PageRangeList>";

    [Fact]
    public void A_block_blob_with_block_ids_global_and_per_blob_files_round_trips()
    {
        var koala = new ManifestBlob(
            "pictures/animals/koala.jpg", @"\animals\koala.jpg", 163840, BlobKind.BlockBlob, ImportDisposition.Overwrite,
            [
                new ManifestBlock(0, 65536, "AAAAAA==", _hash),
                new ManifestBlock(65536, 65536, "AAAAAQ==", _otherHash),
                new ManifestBlock(131072, 32768, "AAAAAg==", _hash),
            ],
            [],
            new ManifestFileRef(@"\animals\koala.jpg.metadata", _hash),
            new ManifestFileRef(@"\animals\koala.jpg.properties", _otherHash),
            "client data with <markup> & \"quotes\"\r\nand a new line",
            null);
        var list = new ManifestBlobList("session#1-0", new ManifestFileRef(@"\session#1\metadata.xml", _hash), new ManifestFileRef(@"\session#1\properties.xml", _otherHash), [koala]);
        var manifest = ImportManifest(list);

        var read = RoundTrip(manifest);

        Assert.Equal(manifest, read);
        Assert.Equal(ImportDisposition.Overwrite, read.BlobLists[0].Blobs[0].Disposition);
        Assert.Equal("AAAAAQ==", read.BlobLists[0].Blobs[0].Blocks[1].Id);
        Assert.Equal("client data with <markup> & \"quotes\"\r\nand a new line", read.BlobLists[0].Blobs[0].ClientData);
    }

    [Fact]
    public void A_block_blob_without_block_ids_round_trips_with_null_ids()
    {
        var blob = BlockBlob("c/file.bin", @"\file.bin", 5 * MiB, [new ManifestBlock(0, 4 * MiB, null, _hash), new ManifestBlock(4 * MiB, MiB, null, _otherHash)]);
        var manifest = ImportManifest(new ManifestBlobList(null, null, null, [blob]));

        var read = RoundTrip(manifest);

        Assert.Equal(manifest, read);
        Assert.All(read.BlobLists[0].Blobs[0].Blocks, b => Assert.Null(b.Id));
        Assert.DoesNotContain("Id=", Written(manifest), StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_blob_round_trips_with_its_ranges_and_kind()
    {
        var blob = new ManifestBlob(
            "vhds/disk.vhd", @"\disk.vhd", 16 * MiB, BlobKind.PageBlob, ImportDisposition.NoOverwrite, [],
            [new ManifestPageRange(0, 4 * MiB, _hash), new ManifestPageRange(8 * MiB, 512, _otherHash), new ManifestPageRange((16 * MiB) - 1024, 1024, _hash)],
            null, null, null, null);
        var manifest = ImportManifest(new ManifestBlobList(null, null, null, [blob]));

        var read = RoundTrip(manifest);

        Assert.Equal(manifest, read);
        Assert.Equal(BlobKind.PageBlob, read.BlobLists[0].Blobs[0].Kind);
        Assert.Contains("<PageRangeList>", Written(manifest), StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_manifest_with_snapshots_several_lists_and_no_credentials_round_trips()
    {
        var desert = BlockBlob("pictures/bob/desert.jpg", @"\pictures\bob\desert.jpg", 10, [new ManifestBlock(0, 10, null, _hash)]);
        var first = desert with { Snapshot = _snapshot.AddTicks(1234567), Metadata = new ManifestFileRef(@"\pictures\bob\desert.jpg.metadata", _otherHash) };
        var empty = BlockBlob("pictures/empty.txt", @"\pictures\empty.txt", 0, []);
        var emptyPage = new ManifestBlob("vhds/blank.vhd", @"\vhds\blank.vhd", 1024, BlobKind.PageBlob, null, [], [], null, null, null, null);
        var manifest = new DriveManifest(
            DriveManifest.CurrentVersion, "EXPORT-1", null, null, "Windows Azure Import/Export service",
            [new ManifestBlobList(null, null, null, [first, empty]), new ManifestBlobList(null, null, null, [emptyPage])]);

        var read = RoundTrip(manifest);

        Assert.Equal(manifest, read);
        Assert.Equal(_snapshot.AddTicks(1234567), read.BlobLists[0].Blobs[0].Snapshot);
        Assert.Equal(BlobKind.PageBlob, read.BlobLists[1].Blobs[0].Kind);
        Assert.Null(read.StorageAccountKey);
        Assert.Null(read.ContainerSas);
    }

    [Fact]
    public void A_container_SAS_round_trips_in_place_of_an_account_key()
    {
        var withKey = ImportManifest(new ManifestBlobList(null, null, null, [BlockBlob("c/a", @"\a", 1, [new ManifestBlock(0, 1, null, _hash)])]));
        var manifest = withKey with { StorageAccountKey = null, ContainerSas = "container?sv=2014-02-14&sig=abc%3D" };

        Assert.Equal(manifest, RoundTrip(manifest));
    }

    [Fact]
    public void The_writer_uses_the_element_order_of_the_spec_uppercase_hashes_and_seven_digit_UTC_snapshots()
    {
        var blob = new ManifestBlob(
            "c/a.txt", @"\a.txt", 3, BlobKind.BlockBlob, ImportDisposition.Rename, [new ManifestBlock(0, 3, "AAAAAA==", _hash.ToLowerInvariant())], [],
            new ManifestFileRef(@"\a.txt.metadata", _hash), new ManifestFileRef(@"\a.txt.properties", _hash), "data", new DateTimeOffset(2014, 9, 5, 23, 29, 9, TimeSpan.FromHours(2)));
        var manifest = ImportManifest(new ManifestBlobList("s-0", new ManifestFileRef(@"\m.xml", _hash), new ManifestFileRef(@"\p.xml", _hash), [blob]));

        var xml = Written(manifest);
        var document = XDocument.Parse(xml);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        Assert.Equal("2014-11-01", document.Root!.Attribute("Version")!.Value);
        var drive = document.Root.Element("Drive")!;
        Assert.Equal(["DriveId", "StorageAccountKey", "ClientCreator", "BlobList"], drive.Elements().Select(e => e.Name.LocalName));
        var list = drive.Element("BlobList")!;
        Assert.Equal(["MetadataPath", "PropertiesPath", "Blob"], list.Elements().Select(e => e.Name.LocalName));
        var written = list.Element("Blob")!;
        Assert.Equal(
            ["BlobPath", "FilePath", "ClientData", "Snapshot", "Length", "ImportDisposition", "BlockList", "MetadataPath", "PropertiesPath"],
            written.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("2014-09-05T21:29:09.0000000Z", written.Element("Snapshot")!.Value);
        Assert.Equal("rename", written.Element("ImportDisposition")!.Value);
        Assert.Equal(_hash, written.Element("BlockList")!.Element("Block")!.Attribute("Hash")!.Value);
    }

    [Fact]
    public void The_spec_example_reads_with_lowercase_hashes_given_back_in_uppercase()
    {
        var lower = _hash.ToLowerInvariant();
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <DriveManifest Version="2014-11-01">
              <Drive>
                <DriveId>9WM35C2V</DriveId>
                <StorageAccountKey>key</StorageAccountKey>
                <ClientCreator>WAImportExport</ClientCreator>
                <BlobList Id="session#1-0">
                  <MetadataPath Hash="{lower}">\session#1\metadata.xml</MetadataPath>
                  <PropertiesPath Hash="{lower}">\session#1\properties.xml</PropertiesPath>
                  <Blob>
                    <BlobPath>pictures/animals/koala.jpg</BlobPath>
                    <FilePath>\animals\koala.jpg</FilePath>
                    <ClientData>my data</ClientData>
                    <Length>163840</Length>
                    <ImportDisposition>rename</ImportDisposition>
                    <BlockList>
                      <Block Offset="0" Length="65536" Id="AAAAAA==" Hash="{lower}" />
                      <Block Offset="65536" Length="65536" Id="AAAAAQ==" Hash="{lower}" />
                      <Block Offset="131072" Length="32768" Id="AAAAAg==" Hash="{lower}" />
                    </BlockList>
                    <MetadataPath Hash="{lower}">\animals\koala.jpg.metadata</MetadataPath>
                    <PropertiesPath Hash="{lower}">\animals\koala.jpg.properties</PropertiesPath>
                  </Blob>
                </BlobList>
              </Drive>
            </DriveManifest>
            """;

        var (manifest, problem) = Read(xml);

        Assert.Null(problem);
        Assert.NotNull(manifest);
        Assert.Equal("9WM35C2V", manifest.DriveId);
        var list = Assert.Single(manifest.BlobLists);
        Assert.Equal("session#1-0", list.Id);
        Assert.Equal(@"\session#1\metadata.xml", list.Metadata!.Path);
        var koala = Assert.Single(list.Blobs);
        Assert.Equal(("pictures/animals/koala.jpg", @"\animals\koala.jpg", 163840L, BlobKind.BlockBlob), (koala.BlobPath, koala.FilePath, koala.Length, koala.Kind));
        Assert.Equal(ImportDisposition.Rename, koala.Disposition);
        Assert.Equal([0L, 65536L, 131072L], koala.Blocks.Select(b => b.Offset));
        Assert.All(koala.Blocks, b => Assert.Equal(_hash, b.Hash));
        Assert.Equal(_hash, koala.Properties!.Hash);
    }

    [Fact]
    public void A_2011_10_01_manifest_is_accepted_and_keeps_its_version()
    {
        var (manifest, problem) = Read(Manifest(BlockBlobXml(10, (0, 10)), version: "2011-10-01"));

        Assert.Null(problem);
        Assert.Equal(DriveManifest.LegacyVersion, manifest!.Version);
        Assert.Equal(manifest, RoundTrip(manifest));
    }

    [Theory]
    [InlineData("<BlobPath>c/e</BlobPath><FilePath>\\e</FilePath><Length>0</Length>")]
    [InlineData("<BlobPath>c/e</BlobPath><FilePath>\\e</FilePath><Length>0</Length><BlockList />")]
    public void A_block_blob_of_length_0_needs_no_blocks(string blob)
    {
        var (manifest, problem) = Read(Manifest(blob));

        Assert.Null(problem);
        var read = Assert.Single(manifest!.AllBlobs);
        Assert.Equal((0L, BlobKind.BlockBlob), (read.Length, read.Kind));
        Assert.Empty(read.Blocks);
    }

    [Fact]
    public void Drive_paths_are_not_judged_by_the_reader_so_the_engine_can_report_them_per_file()
    {
        var (manifest, problem) = Read(Manifest("<BlobPath>c/b</BlobPath><FilePath>..\\..\\etc\\passwd</FilePath><Length>0</Length>"));

        Assert.Null(problem);
        Assert.Equal(@"..\..\etc\passwd", Assert.Single(manifest!.AllBlobs).FilePath);
    }

    [Fact]
    public void Reading_leaves_the_stream_open()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Manifest(BlockBlobXml(1, (0, 1)))));

        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out _, out _));
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void Writing_refuses_a_manifest_that_would_not_read_back()
    {
        var gap = BlockBlob("c/a", @"\a", 20, [new ManifestBlock(0, 10, null, _hash), new ManifestBlock(11, 9, null, _hash)]);
        using var stream = new MemoryStream();

        var error = Assert.Throws<ArgumentException>(() => DriveManifestXml.Write(stream, ImportManifest(new ManifestBlobList(null, null, null, [gap]))));

        Assert.Contains("contiguous", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DriveManifestXml.Write(stream, ImportManifest()));
    }

    [Fact]
    public void Writing_bounds_no_counts_so_a_large_export_reads_back_with_larger_limits()
    {
        var blocks = Enumerable.Range(0, 3).Select(i => new ManifestBlock(i, 1, null, _hash)).ToList();
        var manifest = ImportManifest(new ManifestBlobList(null, null, null, [BlockBlob("c/a", @"\a", 3, blocks)]));
        using var stream = new MemoryStream();

        DriveManifestXml.Write(stream, manifest);

        stream.Position = 0;
        Assert.False(DriveManifestXml.TryRead(stream, new ManifestLimits(MaxBlocksPerBlob: 2), out _, out _));
        stream.Position = 0;
        Assert.True(DriveManifestXml.TryRead(stream, new ManifestLimits(MaxBlocksPerBlob: 3), out var read, out _));
        Assert.Equal(manifest, read);
    }

    [Fact]
    public void ToString_names_the_credential_kind_but_never_its_value()
    {
        var manifest = ImportManifest(new ManifestBlobList(null, null, null, [BlockBlob("c/a", @"\a", 0, [])]));
        var withSas = manifest with { StorageAccountKey = null, ContainerSas = "c?sig=SAS-SECRET" };

        Assert.DoesNotContain("c2VjcmV0LWFjY291bnQta2V5", manifest.ToString(), StringComparison.Ordinal);
        Assert.Contains("StorageAccountKey", manifest.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SAS-SECRET", withSas.ToString(), StringComparison.Ordinal);
        Assert.Contains("9WM35C2V", withSas.ToString(), StringComparison.Ordinal);
    }
}
