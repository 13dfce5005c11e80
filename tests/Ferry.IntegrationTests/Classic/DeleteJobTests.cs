using System.Net;
using Ferry.Core.Jobs;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>Delete Job (docs/classic-api.md §3.9, docs/lifecycle.md §4.2, docs/decisions.md D10).</summary>
public sealed class DeleteJobTests
{
    private const string Account = "xttest";
    private const string Job = "MySampleJob";

    [Theory]
    [InlineData(JobState.Creating)]
    [InlineData(JobState.Completed)]
    [InlineData(JobState.Closed)]
    public async Task A_job_in_Creating_Completed_or_Closed_is_deleted_with_200_and_an_empty_body(JobState state)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        if (state != JobState.Creating)
        {
            await server.MoveJobAsync(Job, state);
        }

        using var response = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, Job));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, await client.GetJobStatusAsync(server, Account, Job));
        Assert.Equal("0", (await client.ListJobsAsync(server, Account))["odata.count"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(JobState.Shipping)]
    [InlineData(JobState.Received)]
    [InlineData(JobState.Transferring)]
    [InlineData(JobState.Packaging)]
    public async Task A_job_in_another_state_is_not_deleted_and_the_answer_is_409(JobState state)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, state);
        var etag = await client.GetETagAsync(server, Account, Job);

        using var response = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, Job));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", state.ToString());
        Assert.Equal(etag, await client.GetETagAsync(server, Account, Job));
    }

    [Fact]
    public async Task Deleting_a_missing_job_is_a_404()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, Job));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound", Job);
    }

    [Fact]
    public async Task Deleting_through_another_storage_account_is_a_404_and_keeps_the_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));

        using var response = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath("otheraccount", Job));

        await ClassicRequests.AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(HttpStatusCode.OK, await client.GetJobStatusAsync(server, Account, Job));
    }

    [Fact]
    public async Task A_deleted_job_name_can_be_used_again_by_any_account()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        using var deleted = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, Job));

        using var response = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath("otheraccount", Job), body: ClassicRequests.ExportJob(Job));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Export", (await client.GetJobJsonAsync(server, "otheraccount", Job))["Properties"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Completed_job_holds_its_name_until_it_is_deleted()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(Job));
        await server.MoveJobAsync(Job, JobState.Completed);

        using var whileCompleted = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), body: ClassicRequests.ImportJob(Job));
        await ClassicRequests.AssertErrorAsync(whileCompleted, HttpStatusCode.Conflict, "ConflictError", "Completed");
        using var deleted = await client.SendAsync(server, HttpMethod.Delete, ClassicRequests.JobPath(Account, Job));
        using var afterDelete = await client.SendAsync(server, HttpMethod.Put, ClassicRequests.JobPath(Account, Job), body: ClassicRequests.ImportJob(Job));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterDelete.StatusCode);
        Assert.Equal("Creating", (await client.GetJobJsonAsync(server, Account, Job))["Properties"]!["State"]!.GetValue<string>());
    }
}
