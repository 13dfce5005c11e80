using System.Text;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="BlobFileXml"/>: the metadata and properties files of docs/formats.md §4.</summary>
public sealed class BlobFileXmlTests
{
    private static MemoryStream Stream(string xml) => new(Encoding.UTF8.GetBytes(xml));

    private static (IReadOnlyDictionary<string, string>? Metadata, DriveFormatProblem? Problem) ReadMetadata(string xml)
    {
        using var stream = Stream(xml);
        BlobFileXml.TryReadMetadata(stream, out var metadata, out var problem);
        return (metadata, problem);
    }

    private static (BlobPropertiesFile? Properties, DriveFormatProblem? Problem) ReadProperties(string xml)
    {
        using var stream = Stream(xml);
        BlobFileXml.TryReadProperties(stream, out var properties, out var problem);
        return (properties, problem);
    }

    [Fact]
    public void The_spec_metadata_example_reads_in_order_and_looks_up_keys_ignoring_case()
    {
        var (metadata, problem) = ReadMetadata("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Metadata>
              <Photographer>John</Photographer>
              <Location>Seattle</Location>
              <_empty />
            </Metadata>
            """);

        Assert.Null(problem);
        Assert.Equal(["Photographer", "Location", "_empty"], metadata!.Keys);
        Assert.Equal("Seattle", metadata["location"]);
        Assert.Equal(string.Empty, metadata["_empty"]);
    }

    [Fact]
    public void Metadata_round_trips()
    {
        var metadata = new Dictionary<string, string> { ["Photographer"] = "John & <Jane>", ["Year2014"] = "yes", ["_id"] = "" };
        using var stream = new MemoryStream();

        BlobFileXml.WriteMetadata(stream, metadata);
        stream.Position = 0;

        Assert.True(BlobFileXml.TryReadMetadata(stream, out var read, out var problem), problem?.Message);
        Assert.Equal(metadata, read);
        Assert.Equal(metadata.Keys, read.Keys);
    }

    [Theory]
    [InlineData("<Metadata><my-key>v</my-key></Metadata>", "not a C# identifier")]
    [InlineData("<Metadata><my.key>v</my.key></Metadata>", "not a C# identifier")]
    [InlineData("<Metadata><ключ>v</ключ></Metadata>", "not a C# identifier")]
    [InlineData("<Metadata><Location>a</Location><LOCATION>b</LOCATION></Metadata>", "appears twice")]
    [InlineData("<Metadata><Location><City>Seattle</City></Location></Metadata>", "only text")]
    [InlineData("<Metadata><Location Lang=\"en\">Seattle</Location></Metadata>", "attribute Lang")]
    [InlineData("<Metadata>loose text</Metadata>", "only elements")]
    [InlineData("<Properties />", "root element")]
    [InlineData("<!DOCTYPE Metadata [<!ENTITY e \"v\">]><Metadata><Key>&e;</Key></Metadata>", "DTD")]
    public void Malformed_metadata_is_rejected(string xml, string expected)
    {
        var (metadata, problem) = ReadMetadata(xml);

        Assert.Null(metadata);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_over_8_KiB_of_names_and_values_is_rejected()
    {
        var half = new string('v', 4090);

        Assert.Null(ReadMetadata($"<Metadata><a>{half}</a><b>{half}</b></Metadata>").Problem);
        Assert.Contains("larger than 8192 bytes", ReadMetadata($"<Metadata><a>{half}</a><b>{half}</b><c>{half}</c></Metadata>").Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_metadata_refuses_a_bad_or_duplicate_key()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => BlobFileXml.WriteMetadata(stream, new Dictionary<string, string> { ["1abc"] = "v" }));
        Assert.Throws<ArgumentException>(() => BlobFileXml.WriteMetadata(stream, new Dictionary<string, string>(StringComparer.Ordinal) { ["Key"] = "a", ["KEY"] = "b" }));
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [InlineData("Photographer", true)]
    [InlineData("_x9", true)]
    [InlineData("x", true)]
    [InlineData("9x", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a-b", false)]
    [InlineData("é", false)]
    public void Metadata_keys_are_ASCII_CSharp_identifiers(string key, bool valid) =>
        Assert.Equal(valid, BlobFileXml.IsMetadataKey(key));

    [Fact]
    public void Properties_round_trip_with_Last_Modified_in_RFC_1123()
    {
        var properties = new BlobPropertiesFile(
            "image/jpeg", Convert.ToBase64String(new byte[16]), "gzip", "en-US", "max-age=3600",
            new DateTimeOffset(2014, 4, 30, 0, 23, 52, TimeSpan.Zero), "0x8D1B2C3D4E5F607", 163840);
        using var stream = new MemoryStream();

        BlobFileXml.WriteProperties(stream, properties);
        var xml = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;

        Assert.True(BlobFileXml.TryReadProperties(stream, out var read, out var problem), problem?.Message);
        Assert.Equal(properties, read);
        Assert.Contains("<Last-Modified>Wed, 30 Apr 2014 00:23:52 GMT</Last-Modified>", xml, StringComparison.Ordinal);
        Assert.Contains("<Content-MD5>AAAAAAAAAAAAAAAAAAAAAA==</Content-MD5>", xml, StringComparison.Ordinal);
        Assert.True(xml.IndexOf("<Etag>", StringComparison.Ordinal) < xml.IndexOf("<Content-Type>", StringComparison.Ordinal));
    }

    [Fact]
    public void An_import_properties_file_sets_only_what_it_names()
    {
        var (properties, problem) = ReadProperties("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Properties>
              <Cache-Control>no-cache</Cache-Control>
              <Content-Type>image/jpeg</Content-Type>
            </Properties>
            """);

        Assert.Null(problem);
        Assert.Equal(new BlobPropertiesFile("image/jpeg", null, null, null, "no-cache"), properties);
    }

    [Theory]
    [InlineData("<Properties><Content-MD5>not an md5</Content-MD5></Properties>", "Base64")]
    [InlineData("<Properties><Content-MD5>AAAAAAAAAAAAAAAAAAAA</Content-MD5></Properties>", "Base64")]
    [InlineData("<Properties><Content-Type>a</Content-Type><Content-Type>b</Content-Type></Properties>", "more than once")]
    [InlineData("<Properties><Content-Disposition>inline</Content-Disposition></Properties>", "may not hold <Content-Disposition>")]
    [InlineData("<Properties><content-type>a</content-type></Properties>", "may not hold <content-type>")]
    [InlineData("<Properties><Content-Length>-1</Content-Length></Properties>", "non-negative")]
    [InlineData("<Properties><Last-Modified>2014-04-30</Last-Modified></Properties>", "RFC 1123")]
    [InlineData("<Metadata />", "root element")]
    public void Malformed_properties_are_rejected(string xml, string expected)
    {
        var (properties, problem) = ReadProperties(xml);

        Assert.Null(properties);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_properties_refuses_a_bad_Content_MD5_or_a_negative_length()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => BlobFileXml.WriteProperties(stream, new BlobPropertiesFile(null, "abc", null, null, null)));
        Assert.Throws<ArgumentException>(() => BlobFileXml.WriteProperties(stream, new BlobPropertiesFile(null, null, null, null, null, ContentLength: -1)));
        Assert.Equal(0, stream.Length);
    }
}
