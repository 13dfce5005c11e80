using System.Security.Cryptography.X509Certificates;
using Ferry.Cli;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Cli;

/// <summary><c>ferry location list</c> against a real server.</summary>
public sealed class LocationCommandsTests
{
    [Fact]
    public async Task Location_list_prints_the_catalogue_as_a_table_and_as_json()
    {
        await using var server = await FerryTestServer.StartAsync();

        var table = await CliRun.RunAsync(server, "location", "list");
        var json = await CliRun.RunAsync(server, "location", "list", "--origin", "West US", "-o", "json");

        Assert.True(table.ExitCode == FerryCli.Ok, table.ToString());
        Assert.Contains("West US", table.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == FerryCli.Ok, json.ToString());
        var locations = json.Json().EnumerateArray().ToList();
        Assert.NotEmpty(locations);
        Assert.All(locations, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("name").GetString())));
        Assert.All(locations, l => Assert.Equal(System.Text.Json.JsonValueKind.Array, l.GetProperty("supportedCarriers").ValueKind));
    }

    [Fact]
    public async Task A_client_certificate_registered_nowhere_is_exit_1_with_the_service_code()
    {
        await using var server = await FerryTestServer.StartAsync();
        var stranger = FerryTestServer.UnregisteredCertificate();
        var directory = Directory.CreateTempSubdirectory("ferry-cli-cert");
        try
        {
            var certificate = Path.Combine(directory.FullName, "stranger.pem");
            await File.WriteAllTextAsync(certificate, stranger.ExportCertificatePem() + "\n" + stranger.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

            var result = await CliRun.RunAsync(server, "location", "list", "--certificate", certificate);

            Assert.True(result.ExitCode == FerryCli.ServiceError, result.ToString());
            Assert.Contains("403", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
