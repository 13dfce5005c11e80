using System.Globalization;
using System.Net;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Conditional headers on Get, Put, Update and Delete Job (docs/classic-api.md §2.9, §2.11).</summary>
public sealed class ConditionalRequestTests
{
    private const string Account = "xttest";
    private const string Job = "MySampleJob";
    private const string StaleETag = "W/\"datetime'2014-04-30T00%3A23%3A52.6173161Z'\"";

    public static TheoryData<string> Methods => ["GET", "PUT", "PATCH", "DELETE"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_Match_with_the_current_ETag_is_met(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await SendAsync(client, server, method, new() { ["If-Match"] = etag });

        Assert.Equal(Success(method), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_Match_with_a_stale_ETag_is_a_412_and_changes_nothing(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await SendAsync(client, server, method, new() { ["If-Match"] = StaleETag });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_None_Match_with_the_current_ETag_is_a_412_never_a_304(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await SendAsync(client, server, method, new() { ["If-None-Match"] = etag });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_None_Match_with_a_stale_ETag_is_met(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await SendAsync(client, server, method, new() { ["If-None-Match"] = StaleETag });

        Assert.Equal(Success(method), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_None_Match_star_on_an_existing_job_is_a_412(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await SendAsync(client, server, method, new() { ["If-None-Match"] = "*" });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Fact]
    public async Task Put_with_If_None_Match_star_creates_a_new_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await SendAsync(client, server, "PUT", new() { ["If-None-Match"] = "*" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Fact]
    public async Task Put_with_If_Match_star_on_a_missing_job_is_a_412_and_creates_nothing()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await SendAsync(client, server, "PUT", new() { ["If-Match"] = "*" });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_Match_star_on_an_existing_job_is_met(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await SendAsync(client, server, method, new() { ["If-Match"] = "*" });

        Assert.Equal(Success(method), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_Modified_Since_is_met_only_when_the_job_changed_after_that_second(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var created = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var unmet = await SendAsync(client, server, method, new() { ["If-Modified-Since"] = Rfc1123(created.AddMilliseconds(999)) });
        await ClassicRequests.AssertErrorAsync(unmet, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
        using var met = await SendAsync(client, server, method, new() { ["If-Modified-Since"] = Rfc1123(created.AddSeconds(-1)) });

        Assert.Equal(Success(method), met.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task If_Unmodified_Since_is_met_only_when_the_job_did_not_change_after_that_second(string method)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var created = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        var updated = server.Clock.GetUtcNow();
        using var update = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), body: new System.Text.Json.Nodes.JsonObject { ["Properties"] = new System.Text.Json.Nodes.JsonObject { ["FriendlyName"] = "touched" } });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var unmet = await SendAsync(client, server, method, new() { ["If-Unmodified-Since"] = Rfc1123(created) });
        await ClassicRequests.AssertErrorAsync(unmet, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
        using var met = await SendAsync(client, server, method, new() { ["If-Unmodified-Since"] = Rfc1123(updated) });

        Assert.Equal(Success(method), met.StatusCode);
    }

    [Fact]
    public async Task If_None_Match_with_If_Modified_Since_evaluates_only_If_None_Match()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var created = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);
        var unmetDate = Rfc1123(created.AddHours(1));
        var metDate = Rfc1123(created.AddHours(-1));

        using var metByETag = await SendAsync(client, server, "GET", new() { ["If-None-Match"] = StaleETag, ["If-Modified-Since"] = unmetDate });
        using var unmetByETag = await SendAsync(client, server, "GET", new() { ["If-None-Match"] = etag, ["If-Modified-Since"] = metDate });

        Assert.Equal(HttpStatusCode.OK, metByETag.StatusCode);
        await ClassicRequests.AssertErrorAsync(unmetByETag, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task If_Match_with_If_Unmodified_Since_evaluates_only_If_Match()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var created = server.Clock.GetUtcNow();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var unmetByETag = await SendAsync(client, server, "PATCH", new() { ["If-Match"] = StaleETag, ["If-Unmodified-Since"] = Rfc1123(created.AddHours(1)) });
        await ClassicRequests.AssertErrorAsync(unmetByETag, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        using var metByETag = await SendAsync(client, server, "PATCH", new() { ["If-Match"] = etag, ["If-Unmodified-Since"] = Rfc1123(created.AddHours(-1)) });

        Assert.Equal(HttpStatusCode.OK, metByETag.StatusCode);
    }

    [Theory]
    [InlineData("GET", "If-Match,If-None-Match")]
    [InlineData("GET", "If-Match,If-Modified-Since")]
    [InlineData("PUT", "If-None-Match,If-Unmodified-Since")]
    [InlineData("PATCH", "If-Modified-Since,If-Unmodified-Since")]
    [InlineData("DELETE", "If-Match,If-None-Match")]
    [InlineData("DELETE", "If-None-Match,If-Modified-Since,If-Match")]
    [InlineData("PATCH", "If-Match,If-Unmodified-Since,If-Modified-Since")]
    public async Task A_forbidden_combination_of_conditional_headers_is_a_400(string method, string names)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);
        var headers = new Dictionary<string, string>();
        foreach (var name in names.Split(','))
        {
            headers[name] = name.EndsWith("Since", StringComparison.Ordinal) ? Rfc1123(server.Clock.GetUtcNow()) : etag;
        }

        using var response = await SendAsync(client, server, method, headers);

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Theory]
    [InlineData("GET", "If-Modified-Since")]
    [InlineData("PATCH", "If-Unmodified-Since")]
    [InlineData("DELETE", "If-Unmodified-Since")]
    [InlineData("PUT", "If-Modified-Since")]
    public async Task An_unparsable_conditional_date_is_a_400_naming_the_header(string method, string header)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await SendAsync(client, server, method, new() { [header] = "yesterday at noon" });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", header);
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Fact]
    public async Task An_unmet_condition_on_HEAD_is_a_412_without_a_body()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await SendAsync(client, server, "HEAD", new() { ["If-Match"] = StaleETag });

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(JobState.Shipping, "If-Match", "current")]
    [InlineData(JobState.Received, "If-None-Match", "*")]
    [InlineData(JobState.Completed, "If-Match", "stale")]
    [InlineData(JobState.Packaging, "If-Unmodified-Since", "past")]
    [InlineData(JobState.Closed, "If-Modified-Since", "future")]
    public async Task Put_over_a_job_not_in_Creating_is_a_409_whatever_the_conditional_headers(JobState state, string header, string value)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, state);
        var etag = await client.GetETagAsync(server, Account, Job);
        var now = server.Clock.GetUtcNow();
        var headerValue = value switch
        {
            "current" => etag,
            "stale" => StaleETag,
            "past" => Rfc1123(now.AddDays(-1)),
            "future" => Rfc1123(now.AddDays(1)),
            _ => value,
        };

        using var response = await SendAsync(client, server, "PUT", new() { [header] = headerValue });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", state.ToString());
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Fact]
    public async Task Put_with_the_current_If_Match_replaces_the_job_and_a_second_Put_with_the_old_ETag_is_a_412()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        var etag = await client.GetETagAsync(server, Account, Job);

        using var first = await SendAsync(client, server, "PUT", new() { ["If-Match"] = etag });
        using var second = await SendAsync(client, server, "PUT", new() { ["If-Match"] = etag });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.GetValues("ETag").Single());
        await ClassicRequests.AssertErrorAsync(second, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task Get_with_a_conditional_header_on_a_missing_job_is_a_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await SendAsync(client, server, "GET", new() { ["If-None-Match"] = "*" });

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    private static HttpStatusCode Success(string method) => method == "PUT" ? HttpStatusCode.Created : HttpStatusCode.OK;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, FerryTestServer server, string method, Dictionary<string, string> headers)
    {
        var json = method switch
        {
            "PUT" => ClassicRequests.ImportJob(Job).ToJsonString(),
            "PATCH" => "{\"Properties\":{\"Description\":\"conditional\"}}",
            _ => null,
        };
        return client.SendRawAsync(server, new HttpMethod(method), ClassicRequests.JobPath(Account, Job), new RawRequest(json, headers));
    }

    private static string Rfc1123(DateTimeOffset instant) => instant.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
}
