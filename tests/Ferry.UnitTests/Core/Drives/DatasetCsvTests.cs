using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DatasetCsv"/>: the v2 tool's dataset.csv (docs/formats.md §7.4).</summary>
public sealed class DatasetCsvTests
{
    private static readonly string _base = Path.Combine(Path.GetTempPath(), "datasets");

    private static IReadOnlyList<DatasetEntry> Read(string csv) => DatasetCsv.Read(new StringReader(csv), _base);

    private static string Local(params string[] parts) => Path.Combine([_base, .. parts]);

    private static DriveFormatProblem Problem(string csv)
    {
        Assert.False(DatasetCsv.TryRead(new StringReader(csv), _base, out _, out var problem));
        return problem;
    }

    [Fact]
    public void A_good_dataset_reads_files_directories_none_and_relative_paths()
    {
        var entries = Read("""
            BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile
            photos\2024\,pictures/2024/,BlockBlob,rename,None,
            disks/boot.vhd,vhds/boot.vhd,PageBlob,overwrite,meta/m.xml,none
            music/,music,BlockBlob,no-overwrite,,props.xml
            """);

        Assert.Equal(
            [
                new DatasetEntry(Local("photos", "2024") + Path.DirectorySeparatorChar, "pictures/2024/", BlobKind.BlockBlob, ImportDisposition.Rename, null, null),
                new DatasetEntry(Local("disks", "boot.vhd"), "vhds/boot.vhd", BlobKind.PageBlob, ImportDisposition.Overwrite, Local("meta", "m.xml"), null),
                new DatasetEntry(Local("music") + Path.DirectorySeparatorChar, "music/", BlobKind.BlockBlob, ImportDisposition.NoOverwrite, null, Local("props.xml")),
            ],
            entries);
        Assert.Equal([true, false, true], entries.Select(e => e.IsDirectory));
    }

    [Fact]
    public void Quoted_fields_hold_commas_and_quotes_and_header_names_ignore_case_and_order()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "a, \"b\"", "c.txt");
        var csv = "blobtype,basepath,DISPOSITION,dstblobpathorprefix,propertiesfile,metadatafile\r\n"
            + $"BlockBlob,\"{absolute.Replace("\"", "\"\"", StringComparison.Ordinal)}\",rename,\"docs/a, \"\"b\"\".txt\",\"None\",\"None\"\r\n";

        var entry = Assert.Single(Read(csv));

        Assert.Equal(absolute, entry.BasePath);
        Assert.Equal("docs/a, \"b\".txt", entry.DstBlobPathOrPrefix);
    }

    [Theory]
    [InlineData("blockblob", "rename", "line 3, BlobType")]
    [InlineData("BlockBlob", "Rename", "line 3, Disposition")]
    [InlineData("AppendBlob", "rename", "line 3, BlobType")]
    public void A_bad_blob_type_or_disposition_names_its_line_and_field(string blobType, string disposition, string expected)
    {
        var problem = Problem($"""
            BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile
            a.txt,cont/a.txt,BlockBlob,rename,None,None
            b.txt,cont/b.txt,{blobType},{disposition},None,None
            """);

        Assert.StartsWith("dataset.csv " + expected, problem.Message, StringComparison.Ordinal);
        Assert.Throws<DriveFormatException>(() => Read($"BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\nb.txt,cont/b.txt,{blobType},{disposition},None,None"));
    }

    [Fact]
    public void A_line_number_counts_line_breaks_inside_quoted_fields()
    {
        var problem = Problem("BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\n\"a\nb.txt\",cont/x,BlockBlob,rename,None,None\nc.txt,cont/c,PageBlob,keep,None,None\n");

        Assert.StartsWith("dataset.csv line 4, Disposition", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile", "lacks the column(s) PropertiesFile")]
    [InlineData("BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile,Extra", "unknown column 'Extra'")]
    [InlineData("a.txt,cont/a.txt,BlockBlob,rename,None,None", "unknown column 'a.txt'")]
    [InlineData("", "no header")]
    public void The_header_is_required_and_exact(string header, string expected) =>
        Assert.Contains(expected, Problem(header + "\n").Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("a.txt,cont/a.txt,BlockBlob,rename,None", "line 2: 5 fields")]
    [InlineData("a.txt,/cont/a.txt,BlockBlob,rename,None,None", "line 2, DstBlobPathOrPrefix")]
    [InlineData("a.txt,cont/,BlockBlob,rename,None,None", "line 2, DstBlobPathOrPrefix")]
    [InlineData("dir/,Bad_Container/,BlockBlob,rename,None,None", "line 2, DstBlobPathOrPrefix")]
    [InlineData(",cont/a.txt,BlockBlob,rename,None,None", "line 2, BasePath")]
    [InlineData("a.txt,cont/a.txt,BlockBlob,rename,meta/,None", "line 2, MetadataFile")]
    [InlineData("a\"b.txt,cont/a.txt,BlockBlob,rename,None,None", "line 2, field 1")]
    [InlineData("\"a.txt\"x,cont/a.txt,BlockBlob,rename,None,None", "line 2, field 1")]
    public void A_bad_line_is_refused_naming_line_and_field(string line, string expected) =>
        Assert.Contains(expected, Problem("BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\n" + line + "\n").Message, StringComparison.Ordinal);

    [Fact]
    public void Empty_lines_are_skipped_and_a_header_alone_is_an_empty_dataset()
    {
        Assert.Empty(Read("BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\r\n"));
        Assert.Single(Read("\uFEFFBasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\n\na.txt,cont/a.txt,BlockBlob,rename,None,None\n\n"));
    }
}
