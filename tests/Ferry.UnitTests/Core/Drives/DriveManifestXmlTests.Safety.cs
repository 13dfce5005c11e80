using System.Diagnostics;
using System.Text;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary>Hostile documents: a manifest comes from a customer's drive and is never trusted.</summary>
public sealed partial class DriveManifestXmlTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ferry-manifest-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_DTD_with_nested_entity_expansion_billion_laughs_is_rejected_without_expanding_it()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE DriveManifest [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <DriveManifest Version="2014-11-01"><Drive><DriveId>&lol9;</DriveId></Drive></DriveManifest>
            """;
        var clock = Stopwatch.StartNew();

        var (manifest, problem) = Read(xml);

        Assert.Null(manifest);
        Assert.Contains("DTD", problem!.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Rejecting took {clock.Elapsed}.");
    }

    [Fact]
    public void An_external_entity_is_rejected_and_the_referenced_file_is_never_read_into_the_result()
    {
        var secretFile = Path.Join(_temp.FullName, "secret.txt");
        File.WriteAllText(secretFile, "SECRET-FILE-CONTENT-7f3a");
        var uri = new Uri(secretFile).AbsoluteUri;
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE DriveManifest [ <!ENTITY x SYSTEM "{uri}"> ]>
            <DriveManifest Version="2014-11-01"><Drive><DriveId>D</DriveId><ClientCreator>&x;</ClientCreator>
              <BlobList><Blob><BlobPath>c/&x;</BlobPath><FilePath>\b</FilePath><Length>0</Length></Blob></BlobList>
            </Drive></DriveManifest>
            """;

        var (manifest, problem) = Read(xml);

        Assert.Null(manifest);
        Assert.NotNull(problem);
        Assert.DoesNotContain("SECRET-FILE-CONTENT", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_etc_passwd_external_entity_is_rejected()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE DriveManifest [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
            <DriveManifest Version="2014-11-01"><Drive><DriveId>&x;</DriveId></Drive></DriveManifest>
            """;

        var (manifest, problem) = Read(xml);

        Assert.Null(manifest);
        Assert.DoesNotContain("root:", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_DTD_is_rejected()
    {
        var dtd = Path.Join(_temp.FullName, "manifest.dtd");
        File.WriteAllText(dtd, "<!ENTITY x \"expanded\">");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE DriveManifest SYSTEM "{new Uri(dtd).AbsoluteUri}">
            <DriveManifest Version="2014-11-01"><Drive><DriveId>&x;</DriveId></Drive></DriveManifest>
            """;

        Assert.Contains("DTD", Read(xml).Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_entity_reference_is_rejected()
    {
        var (manifest, problem) = Read(Manifest(BlockBlobXml(0), "<DriveId>&x;</DriveId>"));

        Assert.Null(manifest);
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_document_larger_than_MaxDocumentCharacters_is_rejected()
    {
        var xml = Manifest(BlockBlobXml(0));
        var limits = new ManifestLimits(MaxDocumentCharacters: xml.Length / 2);

        var (manifest, problem) = Read(xml, limits);

        Assert.Null(manifest);
        Assert.Contains($"larger than the limit of {xml.Length / 2} characters", problem!.Message, StringComparison.Ordinal);
        Assert.Null(Read(xml, new ManifestLimits(MaxDocumentCharacters: xml.Length + 100)).Problem);
    }

    [Fact]
    public void A_huge_text_value_is_cut_off_at_its_limit()
    {
        var xml = Manifest($"<BlobPath>c/b</BlobPath><FilePath>\\b</FilePath><ClientData>{new string('x', 70_000)}</ClientData><Length>0</Length>");

        var (manifest, problem) = Read(xml);

        Assert.Null(manifest);
        Assert.Contains("<ClientData> is longer than 65536 characters", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_processing_instructions_are_ignored()
    {
        var xml = Manifest("<!-- a comment --><BlobPath>c/<!-- inside -->b</BlobPath><?pi data?><FilePath>\\b</FilePath><Length>0</Length>");

        var (manifest, problem) = Read(xml);

        Assert.Null(problem);
        Assert.Equal("c/b", Assert.Single(manifest!.AllBlobs).BlobPath);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Manifest(BlockBlobXml(0)))).ToArray();
        using var stream = new MemoryStream(bytes);

        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out _));
        Assert.Equal("9WM35C2V", manifest.DriveId);
    }
}
