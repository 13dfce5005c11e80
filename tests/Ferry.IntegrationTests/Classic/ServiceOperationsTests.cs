using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>The non-job operations: service document, metadata document, List Locations, List Storage Accounts, HEAD.</summary>
public sealed class ServiceOperationsTests
{
    private static readonly string[] _allLocations =
    [
        "East US", "West US", "North Central US", "South Central US", "North Europe", "West Europe", "East Asia", "Southeast Asia",
    ];

    [Fact]
    public async Task Service_document_lists_the_three_entity_sets_with_the_metadata_url_escaped_as_on_the_wire()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var withSlash = await client.SendAsync(server, HttpMethod.Get, "");
        using var withoutSlash = await client.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, server.ClassicBase));

        var contentType = ProtocolAssert.ContentType(withSlash);
        var expected = "{\"odata.metadata\":\"" + server.ClassicBase.Replace("/", "\\/", StringComparison.Ordinal) + "\\/$metadata\","
            + "\"value\":[{\"name\":\"StorageAccounts\",\"url\":\"storageaccounts\"},{\"name\":\"Jobs\",\"url\":\"jobs\"},{\"name\":\"Locations\",\"url\":\"locations\"}]}";
        Assert.Equal(HttpStatusCode.OK, withSlash.StatusCode);
        Assert.Equal(expected, await withSlash.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, withoutSlash.StatusCode);
        Assert.Equal(expected, await withoutSlash.Content.ReadAsStringAsync());
        Assert.Equal(ProtocolAssert.JsonContentType("minimalmetadata"), contentType);
        Assert.Equal(expected.Length, withSlash.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Service_document_without_metadata_drops_only_the_metadata_url()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "").WithAccept("application/json;odata=nometadata"));

        Assert.Equal(ProtocolAssert.JsonContentType("nometadata"), ProtocolAssert.ContentType(response));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"value\":[{\"name\":\"StorageAccounts\",\"url\":\"storageaccounts\"},{\"name\":\"Jobs\",\"url\":\"jobs\"},{\"name\":\"Locations\",\"url\":\"locations\"}]}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Service_document_with_full_metadata_keeps_the_metadata_url()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "").WithAccept("application/json;odata=fullmetadata"));

        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal(server.ClassicBase + "/$metadata", body["odata.metadata"]!.GetValue<string>());
        Assert.Equal(3, body["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task Metadata_document_is_utf8_xml_declaring_the_ImportExportData_container_with_three_entity_sets()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "$metadata").WithAccept("application/xml"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml;charset=utf-8", ProtocolAssert.ContentType(response));
        ProtocolAssert.StandardHeaders(response, ClassicRequests.V2);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        var container = Assert.Single(document.Descendants(), e => e.Name.LocalName == "EntityContainer");
        Assert.Equal("ImportExportData", container.Attribute("Name")?.Value);
        var sets = container.Elements().Where(e => e.Name.LocalName == "EntitySet")
            .ToDictionary(e => e.Attribute("Name")!.Value, e => e.Attribute("EntityType")!.Value);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["StorageAccounts"] = "Microsoft.Cis.Services.ImportExport.Public.StorageAccount",
                ["Jobs"] = "Microsoft.Cis.Services.ImportExport.Public.Job",
                ["Locations"] = "Microsoft.Cis.Services.ImportExport.Public.Location",
            },
            sets);
    }

    [Fact]
    public async Task Metadata_document_is_served_without_Accept_or_with_a_wildcard_and_refused_for_any_other_media_type()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var none = await client.SendAsync(server, HttpMethod.Get, "$metadata");
        using var wildcard = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "$metadata").WithAccept("*/*"));
        using var json = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "$metadata").WithAccept("application/json"));
        using var html = await client.SendAsync(ClassicRequests.Create(server, HttpMethod.Get, "$metadata").WithAccept("text/html"));

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wildcard.StatusCode);
        Assert.Equal("application/xml;charset=utf-8", ProtocolAssert.ContentType(wildcard));
        await ProtocolAssert.ErrorAsync(json, 406, "NotAcceptable");
        await ProtocolAssert.ErrorAsync(html, 406, "NotAcceptable");
    }

    [Fact]
    public async Task List_Locations_returns_all_eight_classic_regions_with_a_string_count()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations");

        var contentType = ProtocolAssert.ContentType(response);
        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal(ProtocolAssert.JsonContentType("minimalmetadata"), contentType);
        Assert.Equal(
            server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.Locations",
            body["odata.metadata"]!.GetValue<string>());
        Assert.Equal("8", body["odata.count"]!.GetValue<string>());
        var names = body["value"]!.AsArray().Select(l => l!["Name"]!.GetValue<string>()).ToList();
        Assert.Equal(_allLocations.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.All(body["value"]!.AsArray(), l =>
        {
            Assert.Equal(l!["Name"]!.GetValue<string>(), l["odata.id"]!.GetValue<string>());
            Assert.NotEmpty(l["SupportedCarriers"]!.AsArray());
            Assert.Null(l["odata.type"]);
        });
    }

    [Fact]
    public async Task List_Locations_filtered_by_origin_returns_exactly_West_US_with_its_documented_address()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations?originlocation=West%20US");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(raw));
        Assert.Equal("1", body["odata.count"]!.GetValue<string>());
        var location = Assert.IsType<JsonObject>(Assert.Single(body["value"]!.AsArray()));
        Assert.Equal(
            ["odata.id", "odata.editLink", "Name", "RecipientName", "StreetAddress1", "City", "StateOrProvince", "PostalCode", "CountryOrRegion", "SupportedCarriers"],
            location.Select(p => p.Key));
        Assert.Equal("West US", location["odata.id"]!.GetValue<string>());
        Assert.Equal(server.ClassicBase + "/locations/West%20US", location["odata.editLink"]!.GetValue<string>());
        Assert.Equal("West US", location["Name"]!.GetValue<string>());
        Assert.Equal("Windows Azure Import Export Service", location["RecipientName"]!.GetValue<string>());
        Assert.Equal("2045 Lafayette Street", location["StreetAddress1"]!.GetValue<string>());
        Assert.Equal("Santa Clara", location["City"]!.GetValue<string>());
        Assert.Equal("CA", location["StateOrProvince"]!.GetValue<string>());
        Assert.Equal("95050", location["PostalCode"]!.GetValue<string>());
        Assert.Equal("USA", location["CountryOrRegion"]!.GetValue<string>());
        Assert.Equal(["FedEx"], location["SupportedCarriers"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("locations\\/West%20US", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Locations_matches_the_origin_case_insensitively()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations?originlocation=west%20us");

        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal("West US", Assert.Single(body["value"]!.AsArray())!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Locations_for_an_unsupported_origin_returns_an_empty_list_with_count_zero()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Get, "locations?originlocation=Mars%20Central");

        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal("0", body["odata.count"]!.GetValue<string>());
        Assert.Empty(body["value"]!.AsArray());
    }

    [Fact]
    public async Task List_Storage_Accounts_lists_each_account_with_jobs_once_in_name_order()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "accounttwo", ClassicRequests.ImportJob("JobC"));
        await client.PutJobAsync(server, "accountone", ClassicRequests.ImportJob("JobA"));
        await client.PutJobAsync(server, "accountone", ClassicRequests.ExportJob("JobB"));

        using var response = await client.SendAsync(server, HttpMethod.Get, "storageaccounts");

        var contentType = ProtocolAssert.ContentType(response);
        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal(ProtocolAssert.JsonContentType("minimalmetadata"), contentType);
        Assert.Equal(
            server.ClassicBase + "/$metadata#Microsoft.Cis.Services.ImportExport.Public.ImportExportData.StorageAccounts",
            body["odata.metadata"]!.GetValue<string>());
        Assert.Equal("2", body["odata.count"]!.GetValue<string>());
        var accounts = body["value"]!.AsArray();
        Assert.Equal(["accountone", "accounttwo"], accounts.Select(a => a!["Name"]!.GetValue<string>()));
        var first = Assert.IsType<JsonObject>(accounts[0]);
        Assert.Equal(["odata.id", "odata.editLink", "Name"], first.Select(p => p.Key));
        Assert.Equal("accountone", first["odata.id"]!.GetValue<string>());
        Assert.Equal(server.ClassicBase + "/storageaccounts/accountone", first["odata.editLink"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Storage_Accounts_is_empty_before_any_job_and_drops_an_account_whose_last_job_was_deleted()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var empty = await client.SendAsync(server, HttpMethod.Get, "storageaccounts");
        var emptyBody = await ProtocolAssert.JsonAsync(empty);
        await client.PutJobAsync(server, "accountone", ClassicRequests.ImportJob("JobA"));
        await client.PutJobAsync(server, "accounttwo", ClassicRequests.ImportJob("JobB"));
        using var deleted = await client.SendAsync(server, HttpMethod.Delete, "storageaccounts/accountone/jobs/JobA");
        using var after = await client.SendAsync(server, HttpMethod.Get, "storageaccounts");
        var afterBody = await ProtocolAssert.JsonAsync(after);

        Assert.Equal("0", emptyBody["odata.count"]!.GetValue<string>());
        Assert.Empty(emptyBody["value"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("1", afterBody["odata.count"]!.GetValue<string>());
        Assert.Equal("accounttwo", Assert.Single(afterBody["value"]!.AsArray())!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Storage_Accounts_does_not_show_the_accounts_of_another_subscription()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var (otherSubscription, otherCertificate) = await server.AddSubscriptionAsync();
        using var otherClient = server.CreateClient(otherCertificate);
        await client.PutJobAsync(server, "mine", ClassicRequests.ImportJob("JobA"));

        using var response = await otherClient.SendAsync(ProtocolAssert.Absolute(HttpMethod.Get, $"{server.BaseAddress}{otherSubscription}/services/importexport/storageaccounts"));

        var body = await ProtocolAssert.JsonAsync(response);
        Assert.Equal("0", body["odata.count"]!.GetValue<string>());
        Assert.Empty(body["value"]!.AsArray());
    }

    [Theory]
    [InlineData("locations")]
    [InlineData("storageaccounts")]
    [InlineData("storageaccounts/xttest/jobs/MySampleJob")]
    public async Task HEAD_answers_the_headers_of_GET_including_its_Content_Length_without_a_body(string path)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var get = await client.SendAsync(server, HttpMethod.Get, path);
        var getContentType = ProtocolAssert.ContentType(get);
        var getBody = await get.Content.ReadAsByteArrayAsync();
        using var head = await client.SendAsync(server, HttpMethod.Head, path);
        var headContentType = ProtocolAssert.ContentType(head);
        var headBody = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(headBody);
        Assert.NotEmpty(getBody);
        Assert.Equal(getBody.Length, head.Content.Headers.ContentLength);
        Assert.StartsWith("application/json;odata=minimalmetadata;", getContentType, StringComparison.Ordinal);
        Assert.Equal(getContentType, headContentType);
        ProtocolAssert.StandardHeaders(head, ClassicRequests.V2);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
    }

    [Fact]
    public async Task HEAD_of_a_job_carries_its_ETag_and_Last_Modified()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));

        using var head = await client.SendAsync(server, HttpMethod.Head, "storageaccounts/xttest/jobs/MySampleJob");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.StartsWith("W/\"datetime'", head.Headers.ETag?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(head.Content.Headers.LastModified);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_of_a_missing_job_answers_404_without_a_body()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var head = await client.SendAsync(server, HttpMethod.Head, "storageaccounts/xttest/jobs/Nothing");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        ProtocolAssert.StandardHeaders(head, ClassicRequests.V2);
    }
}
