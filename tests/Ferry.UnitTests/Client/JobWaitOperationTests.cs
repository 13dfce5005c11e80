using System.Net;
using Azure;

namespace Ferry.UnitTests.Client;

/// <summary><c>StartWaitForJobAsync</c>: an Operation that polls Get Job until the job reaches a target state.</summary>
public sealed class JobWaitOperationTests
{
    private const string NotFound = """{"odata.error":{"code":"404","message":{"lang":"en-US","value":"The specified job does not exist."},"azure.values":[{"ExtendedCode":"ResourceNotFound"}]}}""";

    private static string Job(string state) => """{"Name":"job1","Properties":{"Type":"Import","State":"STATE"}}""".Replace("STATE", state, StringComparison.Ordinal);

    [Fact]
    public async Task The_operation_polls_until_a_default_final_state_and_yields_the_job()
    {
        var answers = new Queue<string>([Job("Creating"), Job("Shipping"), Job("Transferring"), Job("Completed")]);
        var handler = new StubHandler(_ => StubHandler.Respond(HttpStatusCode.OK, answers.Dequeue()));
        var ct = TestContext.Current.CancellationToken;

        var operation = await ClassicTestClient.Create(handler).StartWaitForJobAsync("acct", "job1", cancellationToken: ct);
        Assert.False(operation.HasCompleted);
        Assert.Equal("Creating", operation.Job!.Properties!.State);
        Assert.Throws<InvalidOperationException>(() => operation.Value);

        await operation.UpdateStatusAsync(ct);
        Assert.Equal("Shipping", operation.Job.Properties!.State);
        Assert.False(operation.HasValue);

        var job = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(1), ct);

        Assert.True(operation.HasCompleted);
        Assert.Equal("Completed", job.Value.Properties!.State);
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(("GET", "https://ferry.example/sub-1/services/importexport/storageaccounts/acct/jobs/job1"), (r.Method, r.Uri)));
        Assert.Equal("acct/job1", operation.Id);
    }

    [Fact]
    public async Task A_job_already_in_a_target_state_completes_at_start_and_targets_compare_case_insensitively()
    {
        var handler = StubHandler.Json(HttpStatusCode.OK, Job("Received"));

        var operation = await ClassicTestClient.Create(handler).StartWaitForJobAsync("acct", "job1", ["received"], TestContext.Current.CancellationToken);
        await operation.UpdateStatusAsync(TestContext.Current.CancellationToken);

        Assert.True(operation.HasCompleted);
        Assert.Equal("Received", operation.Value.Properties!.State);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_job_that_disappears_fails_the_operation_with_RequestFailedException()
    {
        var answers = new Queue<HttpResponseMessage>([StubHandler.Respond(HttpStatusCode.OK, Job("Creating")), StubHandler.Respond(HttpStatusCode.NotFound, NotFound)]);
        var handler = new StubHandler(_ => answers.Dequeue());
        var ct = TestContext.Current.CancellationToken;
        var operation = await ClassicTestClient.Create(handler).StartWaitForJobAsync("acct", "job1", ["Shipping"], ct);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(async () => await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(1), ct));

        Assert.Equal((404, "ResourceNotFound"), (ex.Status, ex.ErrorCode));
        Assert.True(operation.HasCompleted);
        Assert.False(operation.HasValue);
        Assert.Same(ex, Assert.Throws<RequestFailedException>(() => operation.Value));
        await Assert.ThrowsAsync<RequestFailedException>(async () => await operation.UpdateStatusAsync(ct));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_missing_job_fails_the_start_and_an_empty_target_list_is_refused()
    {
        var client = ClassicTestClient.Create(StubHandler.Json(HttpStatusCode.NotFound, NotFound));
        var ct = TestContext.Current.CancellationToken;

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.StartWaitForJobAsync("acct", "job1", cancellationToken: ct));

        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        await Assert.ThrowsAsync<ArgumentException>(() => client.StartWaitForJobAsync("acct", "job1", [], ct));
    }
}
