using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;
using Ferry.Core.Transfer;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Transfer;

/// <summary>
/// The export selection modes of docs/formats.md §1 resolved against a real Azurite: one blob with or without its snapshots,
/// one snapshot, prefixes (a container's start, a blob name's start, everything), the root container, and page blobs.
/// </summary>
public sealed class ExportSelectionTests(Azurite azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(ExportSelectionResolver Resolver, string Container, DateTimeOffset Snapshot);

    private async Task<Setup> SeedAsync()
    {
        var service = azurite.CreateServiceClient();
        var container = TransferHarness.NewContainer();
        var client = service.GetBlobContainerClient(container);
        await client.CreateAsync(cancellationToken: Ct);
        var love = client.GetBlobClient("music/love.mp3");
        await love.UploadAsync(BinaryData.FromString("v1"), Ct);
        var snapshot = (await love.CreateSnapshotAsync(cancellationToken: Ct)).Value.Snapshot;
        await love.UploadAsync(BinaryData.FromString("v2"), overwrite: true, Ct);
        await client.GetBlobClient("music/lovely.mp3").UploadAsync(BinaryData.FromString("x"), Ct);
        await client.GetBlobClient("videos/story.mp4").UploadAsync(BinaryData.FromString("y"), Ct);
        await client.GetPageBlobClient("disk.vhd").CreateAsync(4096, cancellationToken: Ct);
        var account = new BlobAccount(azurite.AccountEndpoint, service, null, null);
        var time = DateTimeOffset.Parse(snapshot, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
        return new Setup(new ExportSelectionResolver(account, 1024 * 1024), container, time);
    }

    private static async Task<List<string>> ResolveAsync(Setup setup, ExportSelection selection)
    {
        var outcome = await setup.Resolver.ResolveAsync(selection, Ct);
        Assert.NotNull(outcome.Blobs);
        return [.. outcome.Blobs.Select(b => b.Name + (b.Snapshot is null ? "" : "@snapshot"))];
    }

    private async Task<ExportSelection> ListBlobAsync(Setup setup, string xml)
    {
        var path = $"{setup.Container}/lists/{Guid.NewGuid():N}.xml";
        await azurite.CreateServiceClient().GetBlobContainerClient(setup.Container).GetBlobClient(path[(setup.Container.Length + 1)..])
            .UploadAsync(BinaryData.FromString(xml), Ct);
        return new ExportSelection([], [], path);
    }

    [Fact]
    public async Task A_blob_path_selects_the_blob_with_its_snapshots_without_them_or_one_snapshot()
    {
        var setup = await SeedAsync();
        var c = setup.Container;

        Assert.Equal(["music/love.mp3", "music/love.mp3@snapshot"], (await ResolveAsync(setup, new ExportSelection([$"{c}/music/love.mp3"], [], null))).Order());
        Assert.Equal(["music/love.mp3"], await ResolveAsync(setup, await ListBlobAsync(setup,
            $"<BlobList><BlobPath IncludeSnapshots=\"false\">{c}/music/love.mp3</BlobPath></BlobList>")));
        var snapshot = setup.Snapshot.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["music/love.mp3@snapshot"], await ResolveAsync(setup, await ListBlobAsync(setup,
            $"<BlobList><BlobPath SnapshotTime=\"{snapshot}\">{c}/music/love.mp3</BlobPath></BlobList>")));
    }

    [Fact]
    public async Task Prefixes_select_by_container_start_and_by_blob_name_start_with_snapshots()
    {
        var setup = await SeedAsync();
        var c = setup.Container;

        Assert.Equal(["music/love.mp3", "music/love.mp3@snapshot", "music/lovely.mp3"],
            (await ResolveAsync(setup, new ExportSelection([], [$"/{c}/music/love"], null))).Order());
        var whole = await setup.Resolver.ResolveAsync(new ExportSelection([], [$"/{c[..8]}"], null), Ct);
        Assert.Contains(whole.Blobs!, b => b.Container == c && b.Name == "videos/story.mp4");
        var page = Assert.Single(whole.Blobs!, b => b.Container == c && b.Name == "disk.vhd");
        Assert.Equal(BlobKind.PageBlob, page.Kind);
    }

    [Fact]
    public async Task The_root_container_is_written_as_dollar_root_and_slash_selects_everything()
    {
        var service = azurite.CreateServiceClient();
        var root = service.GetBlobContainerClient("$root");
        await root.CreateIfNotExistsAsync(cancellationToken: Ct);
        var name = $"logo-{Guid.NewGuid():N}.bmp";
        await root.GetBlobClient(name).UploadAsync(BinaryData.FromString("logo"), Ct);
        var other = service.GetBlobContainerClient(TransferHarness.NewContainer());
        await other.CreateAsync(cancellationToken: Ct);
        await other.GetBlobClient("a.txt").UploadAsync(BinaryData.FromString("a"), Ct);
        var resolver = new ExportSelectionResolver(new BlobAccount(azurite.AccountEndpoint, service, null, null), 1024 * 1024);

        var rooted = await resolver.ResolveAsync(new ExportSelection([], ["/$root/"], null), Ct);
        var everything = await resolver.ResolveAsync(new ExportSelection([], ["/"], null), Ct);
        var byPath = await resolver.ResolveAsync(new ExportSelection([$"$root/{name}"], [], null), Ct);

        Assert.Contains(rooted.Blobs!, b => b.Container == "$root" && b.Name == name);
        Assert.All(rooted.Blobs!, b => Assert.Equal("$root", b.Container));
        Assert.Contains(everything.Blobs!, b => b.Container == "$root" && b.Name == name);
        Assert.Contains(everything.Blobs!, b => b.Container == other.Name && b.Name == "a.txt");
        Assert.DoesNotContain(rooted.Blobs!, b => b.Container == other.Name);
        Assert.Equal(name, Assert.Single(byPath.Blobs!).Name);
    }

    [Fact]
    public async Task A_malformed_or_missing_blob_list_fails_as_BlobListFormatInvalid()
    {
        var setup = await SeedAsync();

        var malformed = await setup.Resolver.ResolveAsync(await ListBlobAsync(setup, "<BlobList><BlobPathPrefix>no-slash</BlobPathPrefix></BlobList>"), Ct);
        var missing = await setup.Resolver.ResolveAsync(new ExportSelection([], [], $"{setup.Container}/lists/none.xml"), Ct);

        Assert.Equal((null, CopyStatus.BlobListFormatInvalid), (malformed.Blobs, malformed.Status));
        Assert.Equal((null, CopyStatus.BlobListFormatInvalid), (missing.Blobs, missing.Status));
    }
}
