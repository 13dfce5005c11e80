using System.Security.Cryptography;
using System.Text;
using Ferry.Client.Models;
using Ferry.Client.Operator;
using Ferry.Core.Drives;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// Hostile manifests: paths that reach outside the drive (parent segments, absolute paths, links), DTDs with external
/// entities or entity expansion, absurd lengths. Each fails the blob or the drive with the right status, and nothing
/// outside the drive is read into the account.
/// </summary>
public sealed class ManifestAttackTests(Azurite azurite)
{
    private const string Secret = "the content of a file outside the drive";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A drive folder with a label for <paramref name="key"/>, an outside file next to it, and the given manifest text.</summary>
    private static (string Root, string Hash) MakeDrive(TransferHarness h, string driveId, string key, Func<string, string> manifest)
    {
        var outside = Path.Combine(h.Work, "outside.txt");
        File.WriteAllText(outside, Secret);
        var root = Path.Combine(h.Work, "drives", driveId);
        Directory.CreateDirectory(root);
        DriveLabel.Create(driveId, key, null).Write(root);
        var text = manifest(outside);
        File.WriteAllText(Path.Combine(root, "DriveManifest.xml"), text);
        return (root, Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))));
    }

    private static string BlobManifest(string driveId, string container, string filePath, long length, string hash) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <DriveManifest Version="2014-11-01"><Drive><DriveId>{driveId}</DriveId><StorageAccountKey>{Azurite.AccountKey}</StorageAccountKey>
        <BlobList><Blob><BlobPath>{container}/stolen.txt</BlobPath><FilePath>{filePath}</FilePath><Length>{length}</Length>
        <BlockList><Block Offset="0" Length="{length}" Hash="{hash}" /></BlockList></Blob></BlobList></Drive></DriveManifest>
        """;

    private static async Task<JobDrive> RunAsync(TransferHarness h, string job, string driveId, string key, string root, string hash)
    {
        await h.CreateAndShipAsync(TransferHarness.ImportJob(job, [new JobDrive(driveId, key, "\\DriveManifest.xml", hash)]));
        await h.Operator.ReceivePackageAsync(new OperatorJobReference(h.Server.SubscriptionId, job), [new ReceivedDrive(driveId, root)], Ct);
        var finished = await h.WaitForStateAsync(job, "Packaging");
        return Assert.Single(finished.DriveList!);
    }

    public static TheoryData<string> OutsidePaths => new() { @"\..\..\outside.txt", @"..\outside.txt", @"C:\outside.txt", @"\\server\share\outside.txt" };

    [Theory]
    [MemberData(nameof(OutsidePaths))]
    public async Task A_file_path_outside_the_drive_fails_the_blob_and_reads_nothing(string filePath)
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var container = TransferHarness.NewContainer();
        var key = RecoveryPassword.Generate();
        var secretHash = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(Secret)));
        var (root, hash) = MakeDrive(h, "EVIL0001", key, outside => BlobManifest("EVIL0001", container, filePath.Replace("{outside}", outside, StringComparison.Ordinal), Secret.Length, secretHash));

        var drive = await RunAsync(h, "traversal", "EVIL0001", key, root, hash);

        Assert.Equal("CompletedWithErrors", drive.CopyStatus);
        var errors = await h.ReadBlobTextAsync(drive.ErrorLogUri!);
        Assert.Contains("<Blob Status=\"FileNameInvalid\">", errors, StringComparison.Ordinal);
        Assert.False(await h.Blobs.GetBlobContainerClient(container).GetBlobClient("stolen.txt").ExistsAsync(Ct));
    }

    [Fact]
    public async Task A_link_inside_the_drive_to_a_file_outside_is_refused()
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var container = TransferHarness.NewContainer();
        var key = RecoveryPassword.Generate();
        var secretHash = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(Secret)));
        var (root, hash) = MakeDrive(h, "EVIL0002", key, _ => BlobManifest("EVIL0002", container, @"\link.txt", Secret.Length, secretHash));
        File.CreateSymbolicLink(Path.Combine(root, "link.txt"), Path.Combine(h.Work, "outside.txt"));

        var drive = await RunAsync(h, "symlink", "EVIL0002", key, root, hash);

        Assert.Equal("CompletedWithErrors", drive.CopyStatus);
        Assert.Contains("<Blob Status=\"FileAccessDenied\">", await h.ReadBlobTextAsync(drive.ErrorLogUri!), StringComparison.Ordinal);
        Assert.False(await h.Blobs.GetBlobContainerClient(container).GetBlobClient("stolen.txt").ExistsAsync(Ct));
    }

    public static TheoryData<string> HostileDocuments => new()
    {
        // An external entity that would pull the outside file into the manifest.
        "<?xml version=\"1.0\"?><!DOCTYPE DriveManifest [<!ENTITY x SYSTEM \"file://{outside}\">]><DriveManifest Version=\"2014-11-01\"><Drive><DriveId>&x;</DriveId></Drive></DriveManifest>",

        // Entity expansion ("billion laughs").
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><DriveManifest Version=\"2014-11-01\"><Drive><DriveId>&d;</DriveId></Drive></DriveManifest>",

        // An absurd length that no block list covers.
        "<?xml version=\"1.0\"?><DriveManifest Version=\"2014-11-01\"><Drive><DriveId>EVIL0003</DriveId><BlobList><Blob><BlobPath>c1/x</BlobPath><FilePath>\\x</FilePath><Length>999999999999999999999</Length><BlockList /></Blob></BlobList></Drive></DriveManifest>",

        // Not a manifest at all.
        "<?xml version=\"1.0\"?><Something />",
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task A_hostile_or_malformed_manifest_fails_the_drive_as_ManifestFormatInvalid(string document)
    {
        await using var h = await TransferHarness.StartAsync(azurite, emulation: false);
        var key = RecoveryPassword.Generate();
        var (root, hash) = MakeDrive(h, "EVIL0003", key, outside => document.Replace("{outside}", outside, StringComparison.Ordinal));

        var drive = await RunAsync(h, "hostile", "EVIL0003", key, root, hash);

        Assert.Equal("ManifestFormatInvalid", drive.CopyStatus);
        var errors = await h.ReadBlobTextAsync(drive.ErrorLogUri!);
        Assert.Contains("<Status>ManifestFormatInvalid</Status>", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, errors, StringComparison.Ordinal);
    }
}
