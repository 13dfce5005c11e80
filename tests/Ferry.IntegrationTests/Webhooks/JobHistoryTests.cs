using System.Net;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Webhooks.FerryExtensionsRequests;

namespace Ferry.IntegrationTests.Webhooks;

/// <summary>The job history extension (docs/operator-api.md §2, §3): the audit trail of a classic job.</summary>
public sealed class JobHistoryTests
{
    [Fact]
    public async Task History_lists_the_creation_and_shipping_entries_of_a_classic_job_in_order()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        using var shipped = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath("xttest", "MySampleJob"), body: ClassicRequests.ShippingUpdate());
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);

        var history = await client.GetValueAsync(Base(server) + "/jobs/mysamplejob/history");

        Assert.Equal(2, history.Count);
        var created = history[0]!.AsObject();
        Assert.Equal(["sequence", "at", "actorKind", "actor", "action", "driveId", "oldState", "newState", "reason"], created.Select(p => p.Key));
        Assert.Equal("2026-01-05T09:00:00.0000000+00:00", created["at"]!.GetValue<string>());
        Assert.Equal(("Subscription", server.SubscriptionId, "Create"), (created["actorKind"]!.GetValue<string>(), created["actor"]!.GetValue<string>(), created["action"]!.GetValue<string>()));
        Assert.Null(created["driveId"]);
        Assert.Null(created["oldState"]);
        Assert.Equal("Creating", created["newState"]!.GetValue<string>());
        var shipping = history[1]!.AsObject();
        Assert.Equal("2026-01-05T09:02:00.0000000+00:00", shipping["at"]!.GetValue<string>());
        Assert.Equal(("Subscription", "Ship", "Creating", "Shipping"), (shipping["actorKind"]!.GetValue<string>(), shipping["action"]!.GetValue<string>(), shipping["oldState"]!.GetValue<string>(), shipping["newState"]!.GetValue<string>()));
        Assert.True(shipping["sequence"]!.GetValue<long>() > created["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task History_of_an_unknown_job_answers_a_404_problem()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(Base(server) + "/jobs/NoSuchJob/history");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound", "job");
    }

    [Fact]
    public async Task Another_subscription_cannot_read_the_history_of_this_subscriptions_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, "xttest", ClassicRequests.ImportJob("MySampleJob"));
        var (otherSubscription, otherCertificate) = await server.AddSubscriptionAsync();
        using var other = server.CreateClient(otherCertificate);

        using var onThisPath = await other.GetAsync(Base(server) + "/jobs/MySampleJob/history");
        using var onItsOwnPath = await other.GetAsync(Base(server, otherSubscription) + "/jobs/MySampleJob/history");

        await AssertProblemAsync(onThisPath, HttpStatusCode.Forbidden, "AuthenticationFailed");
        await AssertProblemAsync(onItsOwnPath, HttpStatusCode.NotFound, "ResourceNotFound", "job");
    }
}
