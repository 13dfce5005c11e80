using System.Net;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>The <c>x-ms-version</c> rules and the differences between 2014-05-01 and 2014-11-01 (docs/classic-api.md §2.3).</summary>
public sealed class VersioningTests
{
    [Fact]
    public async Task Missing_or_unsupported_version_is_refused_with_MissingOrIncorrectVersionHeader_on_every_operation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        string?[] versions = [null, "", "2013-08-01", "2014-05-02", "2015-11-01", "2014-11-01x", "2014-5-1", "latest", "2016-11-01"];
        string[] paths = ["", "$metadata", "locations", "storageaccounts", "storageaccounts/xttest/jobs", "storageaccounts/xttest/jobs/MySampleJob"];

        var results = new List<(string? Version, string Path, int Status, string? Code)>();
        foreach (var version in versions)
        {
            foreach (var path in paths)
            {
                var request = ClassicRequests.Create(server, HttpMethod.Get, path, version: null);
                if (version is not null)
                {
                    request.Headers.TryAddWithoutValidation("x-ms-version", version);
                }

                using var response = await client.SendAsync(request);
                results.Add((version, path, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
            }
        }

        Assert.All(results, r => Assert.Equal((400, "MissingOrIncorrectVersionHeader"), (r.Status, r.Code)));
    }

    [Fact]
    public async Task Version_is_refused_in_the_error_envelope_before_the_job_is_looked_up()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var unsupported = await client.SendAsync(server, HttpMethod.Delete, "storageaccounts/xttest/jobs/Missing", version: "2015-01-01");
        using var missing = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/Missing", version: null, ClassicRequests.ImportJob("Missing"));
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/Missing");

        var information = await ProtocolAssert.ErrorAsync(unsupported, 400, "MissingOrIncorrectVersionHeader");
        Assert.Contains("x-ms-version", information, StringComparison.Ordinal);
        await ProtocolAssert.ErrorAsync(missing, 400, "MissingOrIncorrectVersionHeader");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData(ClassicRequests.V1)]
    [InlineData(ClassicRequests.V2)]
    public async Task Both_versions_create_read_list_and_delete_a_job(string version)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var put = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/MySampleJob", version, ClassicRequests.ImportJob("MySampleJob"));
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", version);
        using var list = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs", version);
        using var delete = await client.SendAsync(server, HttpMethod.Delete, "storageaccounts/xttest/jobs/MySampleJob", version);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.All([put, get, list, delete], r => ProtocolAssert.StandardHeaders(r, version));
    }

    [Fact]
    public async Task Get_Job_names_the_states_location_ImportExportStatesContainer_in_2014_05_01_and_ImportExportStatesPath_in_2014_11_01()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var v1 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V1);
        using var v2 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V2);

        var v1Properties = (await ProtocolAssert.JsonAsync(v1))["Properties"]!.AsObject();
        var v2Properties = (await ProtocolAssert.JsonAsync(v2))["Properties"]!.AsObject();
        Assert.Equal("waimportexport", v1Properties["ImportExportStatesContainer"]!.GetValue<string>());
        Assert.False(v1Properties.ContainsKey("ImportExportStatesPath"));
        Assert.Equal("waimportexport", v2Properties["ImportExportStatesPath"]!.GetValue<string>());
        Assert.False(v2Properties.ContainsKey("ImportExportStatesContainer"));
    }

    [Fact]
    public async Task List_Jobs_names_the_states_location_per_version_too()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var v1 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs", ClassicRequests.V1);
        using var v2 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs", ClassicRequests.V2);

        var v1Properties = Assert.Single((await ProtocolAssert.JsonAsync(v1))["value"]!.AsArray())!["Properties"]!.AsObject();
        var v2Properties = Assert.Single((await ProtocolAssert.JsonAsync(v2))["value"]!.AsArray())!["Properties"]!.AsObject();
        Assert.Equal("waimportexport", v1Properties["ImportExportStatesContainer"]!.GetValue<string>());
        Assert.False(v1Properties.ContainsKey("ImportExportStatesPath"));
        Assert.Equal("waimportexport", v2Properties["ImportExportStatesPath"]!.GetValue<string>());
        Assert.False(v2Properties.ContainsKey("ImportExportStatesContainer"));
    }

    [Fact]
    public async Task A_states_container_given_in_2014_05_01_is_returned_under_either_versions_name()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob("MySampleJob");
        body["Properties"]!["ImportExportStatesContainer"] = "mylogs";

        using var put = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V1, body);
        using var v1 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V1);
        using var v2 = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V2);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("mylogs", (await ProtocolAssert.JsonAsync(v1))["Properties"]!["ImportExportStatesContainer"]!.GetValue<string>());
        Assert.Equal("mylogs", (await ProtocolAssert.JsonAsync(v2))["Properties"]!["ImportExportStatesPath"]!.GetValue<string>());
    }

    [Fact]
    public async Task ContainerSas_with_2014_05_01_is_refused_and_accepted_with_2014_11_01()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var v1 = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/SasJob", ClassicRequests.V1, SasJob("SasJob"));
        using var v2 = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/SasJob", ClassicRequests.V2, SasJob("SasJob"));

        var information = await ProtocolAssert.ErrorAsync(v1, 400, "BadRequest");
        Assert.Contains("ContainerSas", information, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
    }

    [Theory]
    [InlineData(ClassicRequests.V1, "ImportExportStatesPath")]
    [InlineData(ClassicRequests.V2, "ImportExportStatesContainer")]
    public async Task The_other_versions_states_location_name_is_refused_on_Put(string version, string otherName)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = ClassicRequests.ImportJob("MySampleJob");
        body["Properties"]![otherName] = "mylogs";

        using var response = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/MySampleJob", version, body);
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", version);

        var information = await ProtocolAssert.ErrorAsync(response, 400, "BadRequest");
        Assert.Contains(otherName, information, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    private static JsonObject SasJob(string name)
    {
        var body = ClassicRequests.ImportJob(name);
        var properties = body["Properties"]!.AsObject();
        properties.Remove("StorageAccountKey");
        properties["ContainerSas"] = "mycontainer?sv=2014-02-14&sr=c&sig=abcdefghijklmnop&se=2030-11-20T23%3A54%3A14Z&sp=rwdl";
        return body;
    }
}
