using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

public sealed class SmokeTests
{
    [Fact]
    public async Task Created_job_is_returned_by_Get_Job_with_its_drive_and_new_ETag()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Creating", job["Properties"]!["State"]!.GetValue<string>());
        Assert.Equal("Specified", job["DriveList"]![0]!["State"]!.GetValue<string>());
        Assert.StartsWith("W/\"datetime'", response.Headers.ETag!.ToString(), StringComparison.Ordinal);
    }
}
