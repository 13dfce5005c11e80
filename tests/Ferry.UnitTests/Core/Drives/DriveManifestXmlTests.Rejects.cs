using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary>Structural violations of docs/formats.md §2: each makes the whole manifest invalid (ManifestFormatInvalid).</summary>
public sealed partial class DriveManifestXmlTests
{
    private const string GoodDrive = "<DriveId>9WM35C2V</DriveId><StorageAccountKey>key</StorageAccountKey>";

    public static TheoryData<string, string, string> BrokenBlobs() => new()
    {
        { "gap between blocks", BlockBlobXml(200, (0, 100), (150, 50)), "contiguous" },
        { "overlapping blocks", BlockBlobXml(200, (0, 100), (50, 150)), "contiguous" },
        { "blocks out of order", BlockBlobXml(200, (100, 100), (0, 100)), "contiguous" },
        { "blocks short of the length", BlockBlobXml(200, (0, 100)), "cover" },
        { "blocks beyond the length", BlockBlobXml(100, (0, 100), (100, 10)), "ends after" },
        { "block of 0 bytes", BlockBlobXml(100, (0, 0), (0, 100)), "1 to" },
        { "block over 4 MiB", BlockBlobXml((4 * MiB) + 1, (0, (4 * MiB) + 1)), "1 to 4194304" },
        { "no blocks for a non-empty block blob", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>5</Length>", "cover" },
        { "a block for an empty blob", BlockBlobXml(0, (0, 1)), "length 0" },
        { "non-hex hash", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Hash=\"ZZ0123456789ABCDEF0123456789ABCD\" /></BlockList>", "hex" },
        { "short hash", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Hash=\"ABCDEF\" /></BlockList>", "hex" },
        { "block without hash", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" /></BlockList>", "Hash" },
        { "negative length", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>-5</Length>", "non-negative" },
        { "length with a sign", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>+5</Length>", "non-negative" },
        { "length with spaces", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length> 5</Length>", "non-negative" },
        { "length too large", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>99999999999999999999</Length>", "non-negative" },
        { "block offset not a number", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"zero\" Length=\"1\" Hash=\"" + _hash + "\" /></BlockList>", "Offset" },
        { "ids on some blocks only", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>2</Length><BlockList><Block Offset=\"0\" Length=\"1\" Id=\"AAAAAA==\" Hash=\"" + _hash + "\" /><Block Offset=\"1\" Length=\"1\" Hash=\"" + _hash + "\" /></BlockList>", "all blocks or for none" },
        { "id not Base64", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Id=\"not base64!\" Hash=\"" + _hash + "\" /></BlockList>", "Base64" },
        { "the same id twice", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>2</Length><BlockList><Block Offset=\"0\" Length=\"1\" Id=\"AAAAAA==\" Hash=\"" + _hash + "\" /><Block Offset=\"1\" Length=\"1\" Id=\"AAAAAA==\" Hash=\"" + _hash + "\" /></BlockList>", "twice" },
        { "ids of different lengths", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>2</Length><BlockList><Block Offset=\"0\" Length=\"1\" Id=\"AAAAAA==\" Hash=\"" + _hash + "\" /><Block Offset=\"1\" Length=\"1\" Id=\"AAAAAAAAAAA=\" Hash=\"" + _hash + "\" /></BlockList>", "same length" },
        { "page blob length not a multiple of 512", PageBlobXml(1000, (0, 512)), "multiple of 512" },
        { "overlapping page ranges", PageBlobXml(4096, (0, 1024), (512, 1024)), "overlaps" },
        { "page ranges out of order", PageBlobXml(4096, (1024, 512), (0, 512)), "overlaps" },
        { "page range offset not a multiple of 512", PageBlobXml(4096, (100, 512)), "multiples of 512" },
        { "page range length not a multiple of 512", PageBlobXml(4096, (0, 1000)), "multiples of 512" },
        { "page range over 4 MiB", PageBlobXml(8 * MiB, (0, (4 * MiB) + 512)), "multiples of 512" },
        { "page range outside the length", PageBlobXml(1024, (512, 1024)), "ends after" },
        { "page range without hash", "<BlobPath>c/d</BlobPath><FilePath>\\d</FilePath><Length>512</Length><PageRangeList><PageRange Offset=\"0\" Length=\"512\" /></PageRangeList>", "Hash" },
        { "both a page range list and a block list", PageBlobXml(512) + "<BlockList />", "out of order or more than once" },
        { "Length before FilePath", "<BlobPath>c/b</BlobPath><Length>0</Length><FilePath>\\b</FilePath>", "out of order" },
        { "Length twice", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><Length>0</Length>", "more than once" },
        { "no FilePath", "<BlobPath>c/b</BlobPath><Length>0</Length>", "FilePath" },
        { "blob path without a container", "<BlobPath>koala.jpg</BlobPath><FilePath>\\b</FilePath><Length>0</Length>", "container/name" },
        { "blob path with a leading slash", "<BlobPath>/c/koala.jpg</BlobPath><FilePath>\\b</FilePath><Length>0</Length>", "container/name" },
        { "disposition in another case", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><ImportDisposition>Rename</ImportDisposition>", "rename, no-overwrite or overwrite" },
        { "bad snapshot time", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Snapshot>yesterday</Snapshot><Length>0</Length>", "ISO 8601" },
        { "an unknown element", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><Color>blue</Color>", "may not hold <Color>" },
        { "an unknown attribute", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>1</Length><BlockList><Block Offset=\"0\" Length=\"1\" Hash=\"" + _hash + "\" Extra=\"1\" /></BlockList>", "attribute Extra" },
        { "text where elements belong", "<BlobPath>c/b</BlobPath>stray<FilePath>\\b</FilePath><Length>0</Length>", "only elements" },
        { "an element inside a text element", "<BlobPath>c/<b>x</b></BlobPath><FilePath>\\b</FilePath><Length>0</Length>", "only text" },
        { "a per-blob metadata file without hash", "<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><Length>0</Length><MetadataPath>\\b.metadata</MetadataPath>", "Hash" },
    };

    [Theory]
    [MemberData(nameof(BrokenBlobs))]
    public void A_manifest_with_a_broken_blob_is_rejected_with_a_problem_naming_the_rule(string rule, string blob, string expected)
    {
        var (manifest, problem) = Read(Manifest(blob));

        Assert.Null(manifest);
        Assert.NotNull(problem);
        Assert.True(problem.Message.Contains(expected, StringComparison.Ordinal), $"{rule}: '{problem.Message}' should mention '{expected}'.");
    }

    public static TheoryData<string, string, string> BrokenDrives() => new()
    {
        { "missing DriveId", "<StorageAccountKey>key</StorageAccountKey>", "DriveId" },
        { "DriveId after the key", "<StorageAccountKey>key</StorageAccountKey><DriveId>9WM35C2V</DriveId>", "out of order" },
        { "empty DriveId", "<DriveId></DriveId>", "DriveId" },
        { "both credentials", "<DriveId>9WM35C2V</DriveId><StorageAccountKey>key</StorageAccountKey><ContainerSas>c?sig=x</ContainerSas>", "more than once" },
        { "an unknown drive element", "<DriveId>9WM35C2V</DriveId><Owner>me</Owner>", "may not hold <Owner>" },
    };

    [Theory]
    [MemberData(nameof(BrokenDrives))]
    public void A_manifest_with_a_broken_drive_header_is_rejected(string rule, string drive, string expected)
    {
        var (manifest, problem) = Read(Manifest(BlockBlobXml(1, (0, 1)), drive));

        Assert.Null(manifest);
        Assert.True(problem!.Message.Contains(expected, StringComparison.Ordinal), $"{rule}: '{problem.Message}' should mention '{expected}'.");
    }

    [Theory]
    [InlineData("2014-11-02")]
    [InlineData("")]
    public void A_manifest_of_another_version_is_rejected(string version)
    {
        var (manifest, problem) = Read(Manifest(BlockBlobXml(1, (0, 1)), GoodDrive, version));

        Assert.Null(manifest);
        Assert.Contains("version", problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<DriveManifest><Drive><DriveId>D</DriveId></Drive></DriveManifest>", "Version")]
    [InlineData("<DriveManifest Version=\"2014-11-01\"><Drive><DriveId>D</DriveId></Drive></DriveManifest>", "BlobList")]
    [InlineData("<DriveManifest Version=\"2014-11-01\"><Drive><DriveId>D</DriveId><BlobList /></Drive></DriveManifest>", "at least one <Blob>")]
    [InlineData("<DriveManifest Version=\"2014-11-01\" />", "<Drive>")]
    [InlineData("<Manifest Version=\"2014-11-01\" />", "root element")]
    [InlineData("<DriveManifest xmlns=\"urn:x\" Version=\"2014-11-01\" />", "root element")]
    [InlineData("<DriveManifest Version=\"2014-11-01\"><Drive><DriveId>D</DriveId>", "well-formed")]
    [InlineData("", "well-formed")]
    [InlineData("not xml at all", "well-formed")]
    public void A_manifest_missing_required_parts_or_not_XML_is_rejected(string xml, string expected)
    {
        var (manifest, problem) = Read(xml);

        Assert.Null(manifest);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_blocks_than_the_limit_are_rejected()
    {
        var limits = new ManifestLimits(MaxBlocksPerBlob: 2);
        var xml = Manifest(BlockBlobXml(3, (0, 1), (1, 1), (2, 1)));

        var (manifest, problem) = Read(xml, limits);

        Assert.Null(manifest);
        Assert.Contains("more than 2", problem!.Message, StringComparison.Ordinal);
        Assert.Null(Read(xml, new ManifestLimits(MaxBlocksPerBlob: 3)).Problem);
    }

    [Fact]
    public void Blocks_over_a_smaller_block_limit_are_rejected()
    {
        var (_, problem) = Read(Manifest(BlockBlobXml(2 * KiB, (0, 2 * KiB))), new ManifestLimits(MaxBlockLength: KiB));

        Assert.Contains("1 to 1024", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_page_ranges_than_the_limit_are_rejected()
    {
        var (_, problem) = Read(Manifest(PageBlobXml(2048, (0, 512), (1024, 512))), new ManifestLimits(MaxPageRangesPerBlob: 1));

        Assert.Contains("more than 1", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_blobs_than_the_limit_are_rejected_over_all_blob_lists()
    {
        var blob = $"<Blob>{BlockBlobXml(0)}</Blob>";
        var xml = $"""
            <DriveManifest Version="2014-11-01"><Drive><DriveId>D</DriveId>
              <BlobList>{blob}{blob}</BlobList><BlobList>{blob}</BlobList>
            </Drive></DriveManifest>
            """;

        Assert.Null(Read(xml, new ManifestLimits(MaxBlobs: 3)).Problem);
        Assert.Contains("more than 2 blobs", Read(xml, new ManifestLimits(MaxBlobs: 2)).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_text_is_rejected_without_quoting_it()
    {
        var secret = new string('k', 200);
        var (manifest, problem) = Read(Manifest(BlockBlobXml(0), $"<DriveId>D</DriveId><StorageAccountKey>{secret}</StorageAccountKey>"), new ManifestLimits(MaxTextLength: 100));

        Assert.Null(manifest);
        Assert.Contains("longer than 100", problem!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..20], problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_never_quotes_the_storage_account_key()
    {
        var (_, problem) = Read(Manifest(BlockBlobXml(200, (0, 100), (150, 50)), "<DriveId>D</DriveId><StorageAccountKey>TOP-SECRET-KEY==</StorageAccountKey>"));

        Assert.NotNull(problem);
        Assert.DoesNotContain("TOP-SECRET-KEY", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_that_are_not_positive_are_a_programming_error()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentOutOfRangeException>(() => DriveManifestXml.TryRead(stream, new ManifestLimits(MaxDocumentCharacters: 0), out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriveManifestXml.TryRead(stream, new ManifestLimits(MaxBlobs: -1), out _, out _));
    }
}
