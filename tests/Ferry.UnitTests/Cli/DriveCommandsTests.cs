using System.Net;
using System.Text.Json;
using Ferry.Cli;
using Ferry.Core.Drives;
using Ferry.UnitTests.Client;
using Ferry.UnitTests.Core.Drives;

namespace Ferry.UnitTests.Cli;

/// <summary><c>ferry drive …</c> in-process on real temporary folders (and a stub Blob service for preview-export).</summary>
public sealed class DriveCommandsTests
{
    private static CliHarness Local() => new(_ => throw new InvalidOperationException("no HTTP expected"));

    [Fact]
    public async Task Prepare_with_json_output_prints_exactly_the_DriveList_array()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 1000, 1);
        w.File("src/sub/b.bin", 20, 2);
        var (d1, d2) = (w.Drive("d1"), w.Drive("d2"));
        using var cli = Local();

        var result = await cli.RunLocalAsync("drive", "prepare", "--journal", w.Journal, "--session-id", "ses1", "--srcdir", w.Combine("src"), "--dstdir", "cont1/photos",
            "--drive", d1 + "=2MB", "--drive", d2, "--storage-account-key", DriveWorkspace.AccountKey, "--output", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var drive = Assert.Single(result.Json().EnumerateArray());
        Assert.Equal(["DriveId", "BitLockerKey", "ManifestFile", "ManifestHash"], drive.EnumerateObject().Select(p => p.Name));
        Assert.Equal(@"\DriveManifest.xml", drive.GetProperty("ManifestFile").GetString());
        Assert.Equal(DriveWorkspace.Md5OfFile(Path.Combine(d1, "DriveManifest.xml")), drive.GetProperty("ManifestHash").GetString());
        Assert.True(RecoveryPassword.IsWellFormed(drive.GetProperty("BitLockerKey").GetString()));
        Assert.True(DriveLabel.TryRead(d1, out var label, out _) && label.Unlocks(drive.GetProperty("BitLockerKey").GetString()));
        Assert.Equal(["cont1/photos/a.bin", "cont1/photos/sub/b.bin"], DriveWorkspace.Manifest(d1).AllBlobs.Select(b => b.BlobPath));
        Assert.Contains("received no data", result.Error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(result.Output).RootElement.ValueKind);
    }

    [Fact]
    public async Task Prepare_from_a_dataset_prints_a_table_with_the_key_and_the_manifest_hash()
    {
        using var w = new DriveWorkspace();
        w.File("data/x.vhd", 4096, 1);
        var csv = w.Text("dataset.csv", "BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\n\"data/x.vhd\",vhds/x.vhd,PageBlob,overwrite,None,None\n");
        var drive = w.Drive("d1");
        using var cli = Local();

        var result = await cli.RunLocalAsync("drive", "prepare", "--journal", w.Journal, "--session-id", "ses1", "--dataset", csv, "--drive", drive,
            "--drive-id", "DRIVE042", "--container-sas", "vhds?sv=2014&sig=x");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Contains("DRIVE042", result.Output, StringComparison.Ordinal);
        Assert.Contains(DriveWorkspace.Md5OfFile(Path.Combine(drive, "DriveManifest.xml")), result.Output, StringComparison.Ordinal);
        Assert.Contains(DriveWorkspace.TextOf(w.Journal + "_DriveInfo_DRIVE042.xml").Split("<BitLockerKey>")[1].Split('<')[0], result.Output, StringComparison.Ordinal);
        var blob = Assert.Single(DriveWorkspace.Manifest(drive).AllBlobs);
        Assert.Equal((BlobKind.PageBlob, ImportDisposition.Overwrite), (blob.Kind, blob.Disposition));
    }

    [Fact]
    public async Task Bad_input_is_a_usage_error_with_a_clear_message()
    {
        using var w = new DriveWorkspace();
        w.File("src/a.bin", 10);
        var csv = w.Text("dataset.csv", "BasePath,DstBlobPathOrPrefix,BlobType,Disposition,MetadataFile,PropertiesFile\nsrc/,cont1/,BlockBlob,Rename,None,None\n");
        var drive = w.Drive("d1");
        using var cli = Local();
        string[] common = ["drive", "prepare", "--journal", w.Journal, "--session-id", "ses1", "--drive", drive, "--storage-account-key", "k"];

        var badCsv = await cli.RunLocalAsync([.. common, "--dataset", csv]);
        var twoForms = await cli.RunLocalAsync([.. common, "--dataset", csv, "--srcdir", w.Combine("src"), "--dstdir", "cont1/"]);
        var badDst = await cli.RunLocalAsync([.. common, "--srcfile", w.Combine("src", "a.bin"), "--dstblob", "Cont1/a.bin"]);
        var badCapacity = await cli.RunLocalAsync([.. common[..6], "--drive", drive + "=lots", "--srcdir", w.Combine("src"), "--dstdir", "cont1/"]);
        var notFitting = await cli.RunLocalAsync([.. common[..6], "--drive", drive + "=1MB", "--srcdir", w.Combine("src"), "--dstdir", "cont1/", "--storage-account-key", "k"]);

        Assert.Equal((FerryCli.UsageError, FerryCli.UsageError, FerryCli.UsageError, FerryCli.UsageError, FerryCli.UsageError),
            (badCsv.ExitCode, twoForms.ExitCode, badDst.ExitCode, badCapacity.ExitCode, notFitting.ExitCode));
        Assert.Contains("line 2, Disposition", badCsv.Error, StringComparison.Ordinal);
        Assert.Contains(csv, badCsv.Error, StringComparison.Ordinal);
        Assert.Contains("give one of --dataset", twoForms.Error, StringComparison.Ordinal);
        Assert.StartsWith("ferry: --dstblob:", badDst.Error, StringComparison.Ordinal);
        Assert.Contains("'lots' is not a size", badCapacity.Error, StringComparison.Ordinal);
        Assert.Contains("fits on no drive", notFitting.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(drive));
    }

    [Fact]
    public async Task Init_labels_an_empty_export_drive_with_its_capacity_and_prints_only_its_id()
    {
        using var w = new DriveWorkspace();
        var drive = w.Combine("drives", "export1");
        using var cli = Local();

        var result = await cli.RunLocalAsync("drive", "init", "--drive", drive, "--capacity", "2GB", "--drive-id", "EXPORT01");
        var again = await cli.RunLocalAsync("drive", "init", "--drive", drive, "--capacity", "2GB");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        Assert.Equal("EXPORT01", result.Output.Trim());
        Assert.True(DriveLabel.TryRead(drive, out var label, out var problem), problem?.Message);
        Assert.Equal(("EXPORT01", (long?)2_000_000_000), (label.DriveId, label.Capacity));
        Assert.Equal(FerryCli.UsageError, again.ExitCode);
        Assert.Contains("not empty", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_export_resolves_the_selection_on_the_Blob_service_and_counts_drives()
    {
        const string list = """
            <?xml version="1.0" encoding="utf-8"?>
            <EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/" ContainerName="cont1">
              <Blobs>
                <Blob><Name>a.bin</Name><Properties><Last-Modified>Wed, 30 Apr 2014 00:23:52 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>600000</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
                <Blob><Name>b.bin</Name><Properties><Last-Modified>Wed, 30 Apr 2014 00:23:52 GMT</Last-Modified><Etag>0x2</Etag><Content-Length>600000</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
                <Blob><Name>huge.bin</Name><Properties><Last-Modified>Wed, 30 Apr 2014 00:23:52 GMT</Last-Modified><Etag>0x3</Etag><Content-Length>9000000</Content-Length><BlobType>PageBlob</BlobType></Properties></Blob>
              </Blobs>
              <NextMarker />
            </EnumerationResults>
            """;
        using var cli = new CliHarness(_ => StubHandler.Respond(HttpStatusCode.OK, list, "application/xml"));

        var result = await cli.RunLocalAsync("drive", "preview-export", "--drive-size", "2MB", "--blob-path-prefix", "/cont1/", "--account", "acct",
            "--container-sas", "cont1?sv=2020-01-01&sig=abc", "--output", "json");

        Assert.True(result.ExitCode == FerryCli.Ok, result.ToString());
        var request = Assert.Single(cli.Handler.Requests);
        Assert.StartsWith("https://acct.blob.core.windows.net/cont1?", request.Uri, StringComparison.Ordinal);
        Assert.Contains("comp=list", request.Uri, StringComparison.Ordinal);
        var json = result.Json();
        Assert.Equal((3, 2, 1), (json.GetProperty("blobs").GetInt32(), json.GetProperty("drivesNeeded").GetInt32(), json.GetProperty("notExportable").GetInt32()));
        Assert.Equal([1, 1], json.GetProperty("perDrive").EnumerateArray().Select(d => d.GetProperty("blobs").GetInt32()));
    }

    [Fact]
    public async Task Preview_export_needs_exactly_one_credential_and_a_selection()
    {
        using var cli = Local();

        var noCredential = await cli.RunLocalAsync("drive", "preview-export", "--drive-size", "2GB", "--blob-path", "cont1/a", "--account", "acct");
        var noSelection = await cli.RunLocalAsync("drive", "preview-export", "--drive-size", "2GB", "--account", "acct", "--storage-account-key", "a2V5");

        Assert.Equal((FerryCli.UsageError, FerryCli.UsageError), (noCredential.ExitCode, noSelection.ExitCode));
        Assert.Contains("--storage-account-key or --container-sas", noCredential.Error, StringComparison.Ordinal);
        Assert.Contains("nothing selected", noSelection.Error, StringComparison.Ordinal);
    }
}
