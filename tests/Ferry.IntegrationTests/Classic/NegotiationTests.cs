using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Accept, <c>$format</c>, metadata levels and the request's Content-Type/Content-Encoding (docs/classic-api.md §2.4, §2.5).</summary>
public sealed class NegotiationTests
{
    [Fact]
    public async Task Accept_header_selects_the_metadata_level_and_the_response_Content_Type_names_it()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        (string? Accept, string Level)[] cases =
        [
            (null, "minimalmetadata"),
            ("application/json", "minimalmetadata"),
            ("application/json;odata=minimalmetadata", "minimalmetadata"),
            ("application/json;odata=nometadata", "nometadata"),
            ("application/json;odata=fullmetadata", "fullmetadata"),
            ("application/json; odata=fullmetadata; charset=utf-8", "fullmetadata"),
            ("application/json;odata=nometadata;streaming=true;q=0.9", "nometadata"),
            ("application/json;odata=nometatadata", "nometadata"),
            ("APPLICATION/JSON;odata=nometadata", "nometadata"),
            ("*/*", "minimalmetadata"),
            ("application/*", "minimalmetadata"),
            ("text/html, application/json;odata=fullmetadata", "fullmetadata"),
            ("application/json;odata=nometadata, application/json;odata=fullmetadata", "nometadata"),
            ("application/xml, */*", "minimalmetadata"),
        ];

        var results = new List<(string? Accept, int Status, string? ContentType)>();
        foreach (var (accept, _) in cases)
        {
            var request = ClassicRequests.Create(server, HttpMethod.Get, "locations");
            if (accept is not null)
            {
                request.WithAccept(accept);
            }

            using var response = await client.SendAsync(request);
            results.Add((accept, (int)response.StatusCode, ProtocolAssert.ContentType(response)));
        }

        Assert.Equal(cases.Select(c => (c.Accept, 200, (string?)ProtocolAssert.JsonContentType(c.Level))), results);
    }

    [Fact]
    public async Task Unacceptable_Accept_values_answer_406_NotAcceptable()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        string[] refused =
        [
            "text/html", "application/xml", "application/atom+xml", "text/*", "application/json;odata=verbose",
            "application/json;odata=", "application/json;odata=light", "text/plain, application/xml",
        ];

        var results = new List<(string Accept, int Status, string? Code)>();
        foreach (var accept in refused)
        {
            using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "locations").WithAccept(accept));
            results.Add((accept, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
        }

        Assert.All(results, r => Assert.Equal((406, "NotAcceptable"), (r.Status, r.Code)));
        using var one = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "").WithAccept("text/html"));
        await ProtocolAssert.ErrorAsync(one, 406, "NotAcceptable");
    }

    [Fact]
    public async Task No_metadata_drops_the_metadata_url_and_entity_annotations_but_keeps_the_count()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        var locations = await GetAsync(server, client, "locations", "application/json;odata=nometadata");
        var accounts = await GetAsync(server, client, "storageaccounts", "application/json;odata=nometadata");
        var jobs = await GetAsync(server, client, "storageaccounts/xttest/jobs", "application/json;odata=nometadata");
        var job = await GetAsync(server, client, "storageaccounts/xttest/jobs/MySampleJob", "application/json;odata=nometadata");

        Assert.All([locations, accounts, jobs], list =>
        {
            Assert.Equal(["odata.count", "value"], list.Select(p => p.Key));
            Assert.All(list["value"]!.AsArray(), item => Assert.DoesNotContain(item!.AsObject(), p => p.Key.StartsWith("odata.", StringComparison.Ordinal)));
        });
        Assert.DoesNotContain(job, p => p.Key.StartsWith("odata.", StringComparison.Ordinal));
        Assert.Equal("MySampleJob", job["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Minimal_metadata_is_the_default_with_ids_and_edit_links_but_no_types()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        var locations = await GetAsync(server, client, "locations", accept: null);
        var job = await GetAsync(server, client, "storageaccounts/xttest/jobs/MySampleJob", accept: null);
        var jobs = await GetAsync(server, client, "storageaccounts/xttest/jobs", accept: null);

        Assert.Equal(["odata.metadata", "odata.count", "value"], locations.Select(p => p.Key));
        Assert.All(locations["value"]!.AsArray(), l => Assert.Equal(["odata.id", "odata.editLink", "Name"], l!.AsObject().Select(p => p.Key).Take(3)));
        Assert.Equal(["odata.metadata", "odata.id", "odata.editLink", "Name"], job.Select(p => p.Key).Take(4));
        Assert.Equal(
            server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.Jobs/@Element",
            job["odata.metadata"]!.GetValue<string>());
        Assert.Equal("MySampleJob", job["odata.id"]!.GetValue<string>());
        Assert.Equal(server.ClassicBase + "/jobs/MySampleJob", job["odata.editLink"]!.GetValue<string>());
        Assert.Equal(
            server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.Jobs",
            jobs["odata.metadata"]!.GetValue<string>());
        Assert.Equal(["odata.id", "odata.editLink", "Name", "Properties"], jobs["value"]![0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Full_metadata_adds_the_entity_type_first_on_every_entity()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        const string Full = "application/json;odata=fullmetadata";

        var locations = await GetAsync(server, client, "locations", Full);
        var accounts = await GetAsync(server, client, "storageaccounts", Full);
        var jobs = await GetAsync(server, client, "storageaccounts/xttest/jobs", Full);
        var job = await GetAsync(server, client, "storageaccounts/xttest/jobs/MySampleJob", Full);

        const string Ns = "Microsoft.Cis.Services.ImportExport.Public.";
        Assert.All(locations["value"]!.AsArray(), l => AssertAnnotated(l!.AsObject(), Ns + "Location"));
        AssertAnnotated(Assert.Single(accounts["value"]!.AsArray())!.AsObject(), Ns + "StorageAccount");
        AssertAnnotated(Assert.Single(jobs["value"]!.AsArray())!.AsObject(), Ns + "Job");
        Assert.Equal(["odata.metadata", "odata.type", "odata.id", "odata.editLink"], job.Select(p => p.Key).Take(4));
        Assert.Equal(Ns + "Job", job["odata.type"]!.GetValue<string>());
        Assert.True(locations.ContainsKey("odata.metadata"));
    }

    [Fact]
    public async Task Format_query_selects_the_level_and_overrides_Accept()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        (string Format, string? Accept, string Level)[] cases =
        [
            ("json", null, "minimalmetadata"),
            ("json", "text/html", "minimalmetadata"),
            ("application%2Fjson", "application/json;odata=fullmetadata", "minimalmetadata"),
            ("application%2Fjson%3Bodata%3Dnometadata", "application/json;odata=fullmetadata", "nometadata"),
            ("application%2Fjson%3Bodata%3Dfullmetadata", null, "fullmetadata"),
            ("application%2Fjson%3Bodata%3Dminimalmetadata", "application/json;odata=nometadata", "minimalmetadata"),
        ];

        var results = new List<(string Format, int Status, string? ContentType)>();
        foreach (var (format, accept, _) in cases)
        {
            var request = ClassicRequests.Create(server, HttpMethod.Get, "locations?$format=" + format);
            if (accept is not null)
            {
                request.WithAccept(accept);
            }

            using var response = await client.SendAsync(request);
            results.Add((format, (int)response.StatusCode, ProtocolAssert.ContentType(response)));
        }

        Assert.Equal(cases.Select(c => (c.Format, 200, (string?)ProtocolAssert.JsonContentType(c.Level))), results);
    }

    [Fact]
    public async Task Format_override_shapes_the_body_as_well_as_the_Content_Type()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "storageaccounts?$format=application%2Fjson%3Bodata%3Dnometadata")
            .WithAccept("application/json;odata=fullmetadata"));

        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal(["odata.count", "value"], body.Select(p => p.Key));
    }

    [Fact]
    public async Task Unsupported_format_values_answer_406_even_with_an_acceptable_Accept()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        string[] formats = ["xml", "atom", "application%2Fxml", "application%2Fjson%3Bodata%3Dverbose", "text%2Fhtml"];

        var results = new List<(string Format, int Status, string? Code)>();
        foreach (var format in formats)
        {
            using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "locations?$format=" + format).WithAccept("application/json"));
            results.Add((format, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
        }

        Assert.All(results, r => Assert.Equal((406, "NotAcceptable"), (r.Status, r.Code)));
    }

    [Fact]
    public async Task Format_is_ignored_on_the_metadata_document()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "$metadata?$format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml;charset=utf-8", ProtocolAssert.ContentType(response));
    }

    [Fact]
    public async Task Json_bodies_escape_forward_slashes_on_the_wire()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"odata.metadata\":\"https:\\/\\/", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/", raw.Replace("\\/", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json;odata=minimalmetadata")]
    [InlineData("APPLICATION/JSON")]
    public async Task Put_accepts_a_json_Content_Type_with_parameters(string contentType)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(PutRequest(server, "MySampleJob").WithContentType(contentType));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Non_json_request_Content_Type_answers_406_and_creates_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        string[] refused = ["text/plain", "application/xml", "text/json", "application/x-www-form-urlencoded"];

        var results = new List<(string ContentType, int Status, string? Code)>();
        foreach (var contentType in refused)
        {
            using var response = await client.SendAsync(PutRequest(server, "MySampleJob").WithContentType(contentType));
            results.Add((contentType, (int)response.StatusCode, await ClassicRequests.ExtendedCodeAsync(response)));
        }

        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob");
        Assert.All(results, r => Assert.Equal((406, "NotAcceptable"), (r.Status, r.Code)));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var one = await client.SendAsync(PutRequest(server, "MySampleJob").WithContentType("text/plain"));
        await ProtocolAssert.ErrorAsync(one, 406, "NotAcceptable");
    }

    [Fact]
    public async Task Content_Encoding_other_than_identity_answers_400_BadRequest()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var gzip = PutRequest(server, "MySampleJob");
        gzip.Content!.Headers.ContentEncoding.Add("gzip");
        var identity = PutRequest(server, "MySampleJob");
        identity.Content!.Headers.ContentEncoding.Add("identity");

        using var refused = await client.SendAsync(gzip);
        using var accepted = await client.SendAsync(identity);

        var information = await ProtocolAssert.ErrorAsync(refused, 400, "BadRequest");
        Assert.Contains("gzip", information, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task GET_with_a_body_answers_400_BadRequest()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var request = ClassicRequests.Create(server, HttpMethod.Get, "locations", json: "{}");

        using var response = await client.SendAsync(request);

        await ProtocolAssert.ErrorAsync(response, 400, "BadRequest");
    }

    [Fact]
    public async Task Unsupported_Accept_Language_is_ignored_and_answered_in_English()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var request = ClassicRequests.Create(server, HttpMethod.Get, "locations");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-FR"));
        var missing = ClassicRequests.Create(server, HttpMethod.Get, "storageaccounts/xttest/jobs/Nothing");
        missing.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-FR"));

        using var response = await client.SendAsync(request);
        using var error = await client.SendAsync(missing);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["en-us"], response.Content.Headers.ContentLanguage);
        await ProtocolAssert.ErrorAsync(error, 404, "ResourceNotFound");
        Assert.Equal(["en-us"], error.Content.Headers.ContentLanguage);
    }

    [Fact]
    public async Task DataServiceVersion_headers_sent_by_real_clients_are_accepted()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var request = ClassicRequests.Create(server, HttpMethod.Get, "locations");
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0;");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage PutRequest(FerryTestServer server, string job) =>
        ClassicRequests.Create(server, HttpMethod.Put, $"storageaccounts/xttest/jobs/{job}", json: ClassicRequests.ImportJob(job).ToJsonString());

    private static async Task<JsonObject> GetAsync(FerryTestServer server, HttpClient client, string path, string? accept)
    {
        var request = ClassicRequests.Create(server, HttpMethod.Get, path);
        if (accept is not null)
        {
            request.WithAccept(accept);
        }

        using var response = await client.SendAsync(request);
        return await ProtocolAssert.JsonAsync(response);
    }

    private static void AssertAnnotated(JsonObject entity, string type)
    {
        Assert.Equal(["odata.type", "odata.id", "odata.editLink"], entity.Select(p => p.Key).Take(3));
        Assert.Equal(type, entity["odata.type"]!.GetValue<string>());
    }
}
