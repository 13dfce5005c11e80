using System.Globalization;
using System.Net;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Put Job (docs/classic-api.md §3.5): creation, replacement and the active-job limit.</summary>
public sealed class PutJobTests
{
    private const string Account = "xttest";

    [Fact]
    public async Task Put_Job_creates_an_import_job_with_201_an_empty_body_and_the_new_validators()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var now = server.Clock.GetUtcNow();

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "MySampleJob"), body: ClassicRequests.ImportJob("MySampleJob"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, response.Content.Headers.ContentLength);
        var etag = response.Headers.GetValues("ETag").Single();
        Assert.StartsWith("W/\"datetime'" + now.UtcDateTime.ToString("yyyy-MM-dd'T'HH'%3A'mm'%3A'ss", CultureInfo.InvariantCulture), etag, StringComparison.Ordinal);
        Assert.Equal(now.UtcDateTime.ToString("R", CultureInfo.InvariantCulture), response.Content.Headers.GetValues("Last-Modified").Single());
        Assert.Equal(server.ClassicBase + "/jobs/MySampleJob", response.Headers.GetValues("DataServiceId").Single());
        Assert.Equal(ClassicRequests.V2, response.Headers.GetValues("x-ms-version").Single());
        Assert.Equal(etag, await client.GetETagAsync(server, Account, "MySampleJob"));
    }

    [Fact]
    public async Task Put_Job_creates_an_export_job_with_201()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "am2_test_export"), body: ClassicRequests.ExportJob("am2_test_export"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Single(response.Headers.GetValues("DataServiceId"));
        var job = await client.GetJobJsonAsync(server, Account, "am2_test_export");
        Assert.Equal("Export", job["Properties"]!["Type"]!.GetValue<string>());
        Assert.Equal("Creating", job["Properties"]!["State"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Import", "rwd")]
    [InlineData("Export", "rwl")]
    [InlineData("Import", "rwdl")]
    public async Task Put_Job_accepts_a_container_SAS_that_grants_what_the_job_type_needs(string type, string permissions)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = type == "Import" ? ClassicRequests.ImportJob("SasJob") : ClassicRequests.ExportJob("SasJob");
        var properties = body["Properties"]!.AsObject();
        properties.Remove("StorageAccountKey");
        properties["ContainerSas"] = $"mycontainer?sv=2014-02-14&sr=c&sig=c2lnbmF0dXJl&se=2030-11-20T23%3A54%3A14Z&sp={permissions}";

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "SasJob"), body: body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_over_a_Creating_job_of_the_same_account_replaces_it_and_keeps_its_creation_time()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var createdAt = server.Clock.GetUtcNow();
        var first = ClassicRequests.ImportJob("ReplacedJob", drives: 2);
        first["Properties"]!["FriendlyName"] = "first";
        await client.PutJobAsync(server, Account, first);
        var firstETag = await client.GetETagAsync(server, Account, "ReplacedJob");
        server.Clock.Advance(TimeSpan.FromHours(1));
        var second = ClassicRequests.ImportJob("ReplacedJob", drives: 1);
        second["Properties"]!["FriendlyName"] = "second";

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "ReplacedJob"), body: second);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(firstETag, response.Headers.GetValues("ETag").Single());
        var job = await client.GetJobJsonAsync(server, Account, "ReplacedJob");
        Assert.Equal("second", job["Properties"]!["FriendlyName"]!.GetValue<string>());
        Assert.Single(job["DriveList"]!.AsArray());
        var created = createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var after = createdAt.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(["ReplacedJob"], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={created}&to={created}")));
        Assert.Empty(ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"from={after}")));
    }

    [Fact]
    public async Task Put_over_a_Creating_job_of_another_account_is_a_conflict_and_leaves_the_job_alone()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var original = ClassicRequests.ImportJob("SharedName");
        original["Properties"]!["FriendlyName"] = "original";
        await client.PutJobAsync(server, Account, original);

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath("otheraccount", "SharedName"), body: ClassicRequests.ImportJob("SharedName"));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError");
        var job = await client.GetJobJsonAsync(server, Account, "SharedName");
        Assert.Equal("original", job["Properties"]!["FriendlyName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, "otheraccount", "SharedName"));
    }

    [Fact]
    public async Task The_twenty_first_active_job_is_refused_with_409_by_default()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        for (var i = 1; i <= 20; i++)
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob($"Job{i:D2}"));
        }

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "Job21"), body: ClassicRequests.ImportJob("Job21"));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", "20");
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, "Job21"));
        Assert.Equal("20", (await client.ListJobsAsync(server, Account))["odata.count"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completed_and_Closed_jobs_do_not_count_against_the_active_job_limit()
    {
        await using var server = await StartWithLimitAsync(5);
        using var client = server.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob($"Job{i}"));
        }

        await server.MoveJobAsync("Job1", Core.Jobs.JobState.Completed);
        await server.MoveJobAsync("Job2", Core.Jobs.JobState.Closed);

        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Job6"));
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Job7"));
        using var eighth = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "Job8"), body: ClassicRequests.ImportJob("Job8"));

        await ClassicRequests.AssertErrorAsync(eighth, HttpStatusCode.Conflict, "ConflictError");
    }

    [Fact]
    public async Task Jobs_in_Shipping_and_later_active_states_count_against_the_limit()
    {
        await using var server = await StartWithLimitAsync(2);
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Job1"));
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Job2"));
        await server.MoveJobAsync("Job1", Core.Jobs.JobState.Packaging);

        using var third = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "Job3"), body: ClassicRequests.ImportJob("Job3"));

        await ClassicRequests.AssertErrorAsync(third, HttpStatusCode.Conflict, "ConflictError");
    }

    [Fact]
    public async Task Replacing_a_Creating_job_at_the_limit_is_allowed()
    {
        await using var server = await StartWithLimitAsync(3);
        using var client = server.CreateClient();
        for (var i = 1; i <= 3; i++)
        {
            await client.PutJobAsync(server, Account, ClassicRequests.ImportJob($"Job{i}"));
        }

        var replacement = ClassicRequests.ImportJob("Job2");
        replacement["Properties"]!["Description"] = "replaced";
        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, "Job2"), body: replacement);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("replaced", (await client.GetJobJsonAsync(server, Account, "Job2"))["Properties"]!["Description"]!.GetValue<string>());
        Assert.Equal("3", (await client.ListJobsAsync(server, Account))["odata.count"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jobs_of_another_subscription_do_not_count_against_the_limit()
    {
        await using var server = await StartWithLimitAsync(1);
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("Job1"));
        var (otherSubscription, certificate) = await server.AddSubscriptionAsync();
        using var otherClient = server.CreateClient(certificate);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{server.BaseAddress}{otherSubscription}/services/importexport/{ClassicRequests.JobPath(Account, "Job1")}")
        {
            Content = new StringContent(ClassicRequests.ImportJob("Job1").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-ms-version", ClassicRequests.V2);
        using var response = await otherClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task<FerryTestServer> StartWithLimitAsync(int limit) =>
        FerryTestServer.StartAsync(new FerryTestServerOptions(Settings: new Dictionary<string, string>
        {
            ["Ferry:Jobs:MaxActiveJobsPerSubscription"] = limit.ToString(CultureInfo.InvariantCulture),
        }));
}
