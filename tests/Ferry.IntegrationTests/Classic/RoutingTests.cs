using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Routing, verbs, <c>X-HTTP-Method</c> tunnelling, case-insensitivity and tolerated query parameters (docs/classic-api.md §2.1, §2.7).</summary>
public sealed class RoutingTests
{
    private const string JobPath = "storageaccounts/xttest/jobs/MySampleJob";

    [Fact]
    public async Task GET_tunnelling_PUT_creates_the_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var put = await client.SendAsync(Tunnel(server, "PUT", ClassicRequests.ImportJob("MySampleJob").ToJsonString()));
        using var get = await client.SendAsync(server, HttpMethod.Get, JobPath);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(server.ClassicBase + "/jobs/MySampleJob", put.Headers.GetValues("DataServiceId").Single());
        Assert.NotNull(put.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("Creating", (await ProtocolAssert.JsonAsync(get))["Properties"]!["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task GET_tunnelling_PATCH_updates_the_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var patch = await client.SendAsync(Tunnel(server, "PATCH", ClassicRequests.ShippingUpdate().ToJsonString()));
        using var get = await client.SendAsync(server, HttpMethod.Get, JobPath);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Empty(await patch.Content.ReadAsByteArrayAsync());
        var properties = (await ProtocolAssert.JsonAsync(get))["Properties"]!;
        Assert.Equal("Shipping", properties["State"]!.GetValue<string>());
        Assert.Equal("999999999999", properties["DeliveryPackage"]!["TrackingNumber"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("delete")]
    public async Task GET_tunnelling_DELETE_deletes_the_job(string tunnelled)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var delete = await client.SendAsync(Tunnel(server, tunnelled));
        using var get = await client.SendAsync(server, HttpMethod.Get, JobPath);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(0, delete.Content.Headers.ContentLength);
        await ProtocolAssert.ErrorAsync(get, 404, "ResourceNotFound");
    }

    [Theory]
    [InlineData("MERGE")]
    [InlineData("POST")]
    [InlineData("HEAD")]
    [InlineData("GET")]
    [InlineData("PUTX")]
    public async Task GET_tunnelling_any_other_method_answers_400_InvalidHttpVerb_and_leaves_the_job(string tunnelled)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var response = await client.SendAsync(Tunnel(server, tunnelled));
        using var get = await client.SendAsync(server, HttpMethod.Get, JobPath);

        await ProtocolAssert.ErrorAsync(response, 400, "InvalidHttpVerb");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Theory]
    [InlineData("POST", "PUT")]
    [InlineData("PUT", "PUT")]
    [InlineData("PATCH", "PATCH")]
    [InlineData("DELETE", "DELETE")]
    public async Task X_HTTP_Method_on_a_non_GET_request_answers_400_InvalidHttpVerb(string method, string tunnelled)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        var request = ClassicRequests.Create(server, new HttpMethod(method), JobPath, json: method is "DELETE" ? null : ClassicRequests.ImportJob("MySampleJob").ToJsonString());
        request.Headers.Add("X-HTTP-Method", tunnelled);

        using var response = await client.SendAsync(request);
        using var get = await client.SendAsync(server, HttpMethod.Get, JobPath);

        await ProtocolAssert.ErrorAsync(response, 400, "InvalidHttpVerb");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Verbs_a_path_does_not_support_answer_400_InvalidHttpVerb()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        (string Method, string Path)[] cases =
        [
            ("POST", JobPath), ("MERGE", JobPath), ("OPTIONS", JobPath),
            ("PUT", "locations"), ("DELETE", "locations"), ("PATCH", "locations"), ("POST", "locations"),
            ("PUT", "storageaccounts"), ("POST", "storageaccounts"),
            ("PUT", "storageaccounts/xttest/jobs"), ("DELETE", "storageaccounts/xttest/jobs"), ("POST", "storageaccounts/xttest/jobs"),
            ("PUT", ""), ("POST", ""), ("DELETE", "$metadata"), ("MERGE", "$metadata"),
        ];

        var results = new List<(string Method, string Path, int Status, string? Code)>();
        foreach (var (method, path) in cases)
        {
            using var response = await client.SendAsync(server, new HttpMethod(method), path);
            results.Add((method, path, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
        }

        Assert.All(results, r => Assert.Equal((400, "InvalidHttpVerb"), (r.Status, r.Code)));
        using var merge = await client.SendAsync(server, new HttpMethod("MERGE"), JobPath);
        await ProtocolAssert.ErrorAsync(merge, 400, "InvalidHttpVerb");
    }

    [Theory]
    [InlineData("")]
    [InlineData("$metadata")]
    [InlineData("storageaccounts/xttest/jobs")]
    public async Task HEAD_where_it_is_not_listed_answers_400_without_a_body(string path)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Head, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Unknown_paths_and_identifier_only_links_answer_404_ResourceNotFound()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        string[] paths =
        [
            "nothing", "jobs", "jobs/MySampleJob", "locations/West%20US", "storageaccounts/xttest", "storageaccounts/xttest/jobs/MySampleJob/drives",
            "storageaccounts/xttest/things", "storageaccounts//jobs", "$metadata/extra",
        ];

        var results = new List<(string Path, int Status, string? Code)>();
        foreach (var path in paths)
        {
            using var response = await client.SendAsync(server, HttpMethod.Get, path);
            results.Add((path, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
        }

        Assert.All(results, r => Assert.Equal((404, "ResourceNotFound"), (r.Status, r.Code)));
        using var one = await client.SendAsync(server, HttpMethod.Get, "jobs/MySampleJob");
        await ProtocolAssert.ErrorAsync(one, 404, "ResourceNotFound");
    }

    [Fact]
    public async Task Literal_path_segments_match_case_insensitively()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        var root = $"{server.BaseAddress}{server.SubscriptionId}";
        string[] urls =
        [
            $"{root}/services/importexport/StorageAccounts",
            $"{root}/services/importexport/Locations",
            $"{root}/services/importexport/LOCATIONS",
            $"{root}/services/importexport/$Metadata",
            $"{root}/services/importexport/StorageAccounts/xttest/JOBS",
            $"{root}/services/importexport/storageaccounts/xttest/Jobs/MySampleJob",
            $"{root}/Services/ImportExport/locations",
            $"{root}/SERVICES/IMPORTEXPORT",
            $"{root.ToUpperInvariant()}/services/importexport/locations",
        ];

        var results = new List<(string Url, int Status)>();
        foreach (var url in urls)
        {
            using var response = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, url));
            results.Add((url, (int)response.StatusCode));
        }

        Assert.All(results, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Job_and_account_are_looked_up_case_insensitively_and_returned_in_their_creation_spelling()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/XTTEST/jobs/mysamplejob");
        using var list = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/XtTest/jobs");
        using var head = await client.SendAsync(server, HttpMethod.Head, "storageaccounts/xttest/jobs/MYSAMPLEJOB");

        var job = await ProtocolAssert.JsonAsync(get);
        Assert.Equal("MySampleJob", job["Name"]!.GetValue<string>());
        Assert.Equal("MySampleJob", job["odata.id"]!.GetValue<string>());
        var listed = await ProtocolAssert.JsonAsync(list);
        Assert.Equal("MySampleJob", Assert.Single(listed["value"]!.AsArray())!["Name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Job_found_under_another_storage_account_answers_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var response = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/otheraccount/jobs/MySampleJob");

        await ProtocolAssert.ErrorAsync(response, 404, "ResourceNotFound");
    }

    [Fact]
    public async Task Unknown_query_parameters_such_as_timeout_are_ignored()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var put = await client.SendAsync(server, HttpMethod.Put, JobPath + "?timeout=3600", body: ClassicRequests.ImportJob("MySampleJob"));
        var results = new List<(string Path, int Status)>();
        foreach (var path in new[] { "?timeout=3600", "$metadata?timeout=3600", "locations?timeout=3600&foo=bar", "storageaccounts?timeout=3600", "storageaccounts/xttest/jobs?timeout=3600", JobPath + "?timeout=3600&api-version=x" })
        {
            using var response = await client.SendAsync(server, HttpMethod.Get, path);
            results.Add((path, (int)response.StatusCode));
        }

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.All(results, r => Assert.Equal(200, r.Status));
    }

    private static HttpRequestMessage Tunnel(FerryTestServer server, string tunnelled, string? json = null)
    {
        var request = ClassicRequests.Create(server, HttpMethod.Get, JobPath, json: json);
        request.Headers.Add("X-HTTP-Method", tunnelled);
        return request;
    }
}
