using System.Net;
using System.Text.Json.Nodes;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>The time rules T1 and T3 (docs/lifecycle.md §5) seen through the classic API, on the server's fake clock.</summary>
public sealed class JobTimeRulesTests
{
    private const string Account = "xttest";
    private const string Job = "MySampleJob";

    [Fact]
    public async Task A_Creating_job_disappears_fourteen_days_after_its_creation_and_frees_its_name()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        server.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
        Assert.Equal([Job], ClassicRequests.Names(await client.ListJobsAsync(server, Account)));
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
        var list = await client.ListJobsAsync(server, Account);
        Assert.Empty(ClassicRequests.Names(list));
        Assert.Equal("0", list["odata.count"]!.GetValue<string>());
        using var update = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), body: Touch());
        await ClassicRequests.AssertErrorAsync(update, HttpStatusCode.NotFound, "ResourceNotFound");
        using var reuse = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath("otheraccount", Job), body: ClassicRequests.ImportJob(Job));
        Assert.Equal(HttpStatusCode.Created, reuse.StatusCode);
    }

    [Fact]
    public async Task An_update_on_day_ten_restarts_the_two_week_clock()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        server.Clock.Advance(TimeSpan.FromDays(10));
        using var update = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), body: Touch());
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        server.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
        server.Clock.Advance(TimeSpan.FromDays(4));

        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
        Assert.Empty(ClassicRequests.Names(await client.ListJobsAsync(server, Account)));
    }

    [Fact]
    public async Task A_Put_that_replaces_a_Creating_job_restarts_the_two_week_clock()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        server.Clock.Advance(TimeSpan.FromDays(13));
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        server.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
        server.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Fact]
    public async Task A_Shipping_job_does_not_expire_after_two_weeks()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        using var shipping = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, Job), body: ClassicRequests.ShippingUpdate());
        Assert.Equal(HttpStatusCode.OK, shipping.StatusCode);

        server.Clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal("Shipping", (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["State"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task A_finished_job_is_purged_ninety_days_after_it_entered_its_state(JobState state)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        server.Clock.Advance(TimeSpan.FromDays(5));
        await server.MoveJobAsync(Job, state);

        server.Clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
        Assert.Equal([Job], ClassicRequests.Names(await client.ListJobsAsync(server, Account, $"states={state}")));
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
        Assert.Equal("0", (await client.ListJobsAsync(server, Account))["odata.count"]!.GetValue<string>());
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
    }

    [Fact]
    public async Task The_purge_counts_from_the_state_entry_time_not_from_creation()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, JobState.Completed, server.Clock.GetUtcNow() - TimeSpan.FromDays(60));

        server.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
        server.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Fact]
    public async Task An_expired_Creating_job_no_longer_counts_against_the_active_job_limit()
    {
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(Settings: new Dictionary<string, string>
        {
            ["Ferry:Jobs:MaxActiveJobsPerSubscription"] = "1",
        }));
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob("OldJob"));
        using var refused = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), body: ClassicRequests.ImportJob(Job));
        await ClassicRequests.AssertErrorAsync(refused, HttpStatusCode.Conflict, "ConflictError");

        server.Clock.Advance(TimeSpan.FromDays(14));
        using var accepted = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), body: ClassicRequests.ImportJob(Job));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    private static JsonObject Touch() => new() { ["Properties"] = new JsonObject { ["FriendlyName"] = "touched" } };
}
