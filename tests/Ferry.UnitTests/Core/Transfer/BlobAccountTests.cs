using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>Where a job's artefacts go (docs/formats.md §5.1) and what a container SAS reaches.</summary>
public sealed class BlobAccountTests
{
    private static readonly Uri _endpoint = new("https://acct.blob.core.windows.net/");

    private static BlobAccount KeyAccount() =>
        new(_endpoint, new BlobServiceClient(_endpoint, new StorageSharedKeyCredential("acct", Convert.ToBase64String(new byte[64]))), null, null);

    private static BlobAccount SasAccount() =>
        new(_endpoint, null, "mine", new BlobContainerClient(new Uri(_endpoint, "mine"), new AzureSasCredential("sv=2020-08-04&sig=abc")));

    [Theory]
    [InlineData("waimportexport", "waimportexport", "")]
    [InlineData("logs/dir/sub", "logs", "dir/sub/")]
    [InlineData("/logs/", "logs", "")]
    public void With_an_account_key_the_diagnostics_path_is_a_container_and_an_optional_directory(string path, string container, string prefix)
    {
        var (client, actualPrefix) = KeyAccount().Diagnostics(path);

        Assert.Equal((container, prefix), (client.Name, actualPrefix));
    }

    [Fact]
    public void With_a_container_SAS_the_diagnostics_path_is_a_directory_inside_that_container()
    {
        var (client, prefix) = SasAccount().Diagnostics("waimportexport");

        Assert.Equal(("mine", "waimportexport/"), (client.Name, prefix));
    }

    [Fact]
    public void A_container_SAS_reaches_its_own_container_only()
    {
        var account = SasAccount();

        Assert.NotNull(account.ContainerOrNull("mine"));
        Assert.Null(account.ContainerOrNull("other"));
        Assert.DoesNotContain("sig", account.ToString(), StringComparison.Ordinal);
    }
}
