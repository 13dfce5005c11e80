using System.Text;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="BlobListXml"/>: the export blob list of docs/formats.md §1.2.</summary>
public sealed class BlobListXmlTests
{
    private static readonly DateTimeOffset _snapshot = new DateTimeOffset(2014, 9, 5, 21, 29, 9, TimeSpan.Zero).AddTicks(1234567);

    private static (BlobListDocument? List, DriveFormatProblem? Problem) Read(string xml, ManifestLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        BlobListXml.TryRead(stream, limits ?? ManifestLimits.Default, out var list, out var problem);
        return (list, problem);
    }

    private static string Write(BlobListDocument list)
    {
        using var stream = new MemoryStream();
        BlobListXml.Write(stream, list);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void The_spec_example_reads_with_IncludeSnapshots_defaulting_to_true()
    {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <BlobList>
              <BlobPathPrefix>/picturecontainer/image</BlobPathPrefix>
              <BlobPath IncludeSnapshots="false">music/love.mp3</BlobPath>
              <BlobPath SnapshotTime="2014-09-05T21:29:09.1234567Z">videos/story.mp4</BlobPath>
              <BlobPath>$root/logo.bmp</BlobPath>
              <BlobPathPrefix>/</BlobPathPrefix>
            </BlobList>
            """;

        var (list, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Equal(["/picturecontainer/image", "/"], list!.Prefixes);
        Assert.Equal(
            [new BlobListPath("music/love.mp3", false, null), new BlobListPath("videos/story.mp4", false, _snapshot), new BlobListPath("$root/logo.bmp", true, null)],
            list.Paths);
    }

    [Fact]
    public void A_blob_list_round_trips()
    {
        var list = new BlobListDocument(
            [new BlobListPath("music/love.mp3", true, null), new BlobListPath("music/hate.mp3", false, null), new BlobListPath("videos/story.mp4", false, _snapshot)],
            ["/bob/", "/book"]);

        var xml = Write(list);
        var (read, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Equal(list, read);
        Assert.Contains("<BlobPath SnapshotTime=\"2014-09-05T21:29:09.1234567Z\">videos/story.mp4</BlobPath>", xml, StringComparison.Ordinal);
        Assert.Contains("<BlobPath IncludeSnapshots=\"false\">music/hate.mp3</BlobPath>", xml, StringComparison.Ordinal);
        Assert.Contains("<BlobPath>music/love.mp3</BlobPath>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_is_valid()
    {
        var (list, problem) = Read("<BlobList />");

        Assert.Null(problem);
        Assert.Empty(list!.Paths);
        Assert.Empty(list.Prefixes);
    }

    [Theory]
    [InlineData("<BlobList><BlobPathPrefix>picturecontainer</BlobPathPrefix></BlobList>", "must start with '/'")]
    [InlineData("<BlobList><BlobPathPrefix></BlobPathPrefix></BlobList>", "must start with '/'")]
    [InlineData("<BlobList><BlobPath>/music/love.mp3</BlobPath></BlobList>", "without a leading '/'")]
    [InlineData("<BlobList><BlobPath>love.mp3</BlobPath></BlobList>", "container/name")]
    [InlineData("<BlobList><BlobPath>music/</BlobPath></BlobList>", "container/name")]
    [InlineData("<BlobList><BlobPath SnapshotTime=\"last tuesday\">music/love.mp3</BlobPath></BlobList>", "ISO 8601")]
    [InlineData("<BlobList><BlobPath SnapshotTime=\"2014-13-05T21:29:09Z\">music/love.mp3</BlobPath></BlobList>", "ISO 8601")]
    [InlineData("<BlobList><BlobPath IncludeSnapshots=\"yes\">music/love.mp3</BlobPath></BlobList>", "true or false")]
    [InlineData("<BlobList><BlobPath IncludeSnapshots=\"True\">music/love.mp3</BlobPath></BlobList>", "true or false")]
    [InlineData("<BlobList><BlobPath IncludeSnapshots=\"true\" SnapshotTime=\"2014-09-05T21:29:09Z\">music/love.mp3</BlobPath></BlobList>", "cannot go with it")]
    [InlineData("<BlobList><BlobPath Recursive=\"true\">music/love.mp3</BlobPath></BlobList>", "attribute Recursive")]
    [InlineData("<BlobList><Blob>music/love.mp3</Blob></BlobList>", "may not hold <Blob>")]
    [InlineData("<Blobs />", "root element")]
    [InlineData("<!DOCTYPE BlobList [<!ENTITY e \"music/love.mp3\">]><BlobList><BlobPath>&e;</BlobPath></BlobList>", "DTD")]
    public void A_malformed_blob_list_is_rejected(string xml, string expected)
    {
        var (list, problem) = Read(xml);

        Assert.Null(list);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_time_with_an_offset_is_read_in_UTC()
    {
        var (list, _) = Read("<BlobList><BlobPath SnapshotTime=\"2014-09-05T23:29:09+02:00\">v/s.mp4</BlobPath></BlobList>");

        var time = Assert.Single(list!.Paths).SnapshotTime!.Value;
        Assert.Equal(new DateTimeOffset(2014, 9, 5, 21, 29, 9, TimeSpan.Zero), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void More_entries_than_MaxBlobs_are_rejected()
    {
        var xml = "<BlobList><BlobPathPrefix>/a</BlobPathPrefix><BlobPath>a/b</BlobPath><BlobPath>a/c</BlobPath></BlobList>";

        Assert.Null(Read(xml, new ManifestLimits(MaxBlobs: 3)).Problem);
        Assert.Contains("more than 2 entries", Read(xml, new ManifestLimits(MaxBlobs: 2)).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_refuses_a_prefix_without_slash_or_a_path_with_one()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => BlobListXml.Write(stream, new BlobListDocument([], ["music"])));
        Assert.Throws<ArgumentException>(() => BlobListXml.Write(stream, new BlobListDocument([new BlobListPath("/music/a.mp3", true, null)], [])));
        Assert.Equal(0, stream.Length);
    }
}
