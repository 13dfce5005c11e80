using Ferry.Cli;
using Ferry.IntegrationTests.Support;
using Ferry.IntegrationTests.Webhooks;
using static Ferry.IntegrationTests.Cli.OperatorCommandsTests;

namespace Ferry.IntegrationTests.Cli;

/// <summary><c>ferry webhook add|list|remove|deliveries</c> against a real server reached by nothing but <c>--data-dir</c>.</summary>
public sealed class WebhookCommandsTests
{
    [Fact]
    public async Task Add_list_and_remove_webhooks()
    {
        await using var server = await FerryTestServer.StartAsync();

        var first = Ok(await CliRun.DevAsync(server, "webhook", "add", "https://hooks.example.invalid/first"));
        var firstId = first.Property("Id");
        Assert.Equal("https://hooks.example.invalid/first", first.Property("URL"));
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", first.Property("Secret (shown once)"));
        var second = Ok(await CliRun.DevAsync(server, "webhook", "add", "https://hooks.example.invalid/second", "--secret", "my-own-secret", "-o", "json"));
        var secondId = second.Json().GetProperty("id").GetString()!;
        Assert.Equal("https://hooks.example.invalid/second", second.Json().GetProperty("url").GetString());
        Assert.DoesNotContain("my-own-secret", second.Output, StringComparison.Ordinal);

        var table = Ok(await CliRun.DevAsync(server, "webhook", "list"));
        Assert.Equal(
            [[firstId, "https://hooks.example.invalid/first"], [secondId, "https://hooks.example.invalid/second"]],
            table.Rows().Skip(1).Select(r => r[..2]).OrderBy(r => r[1], StringComparer.Ordinal));
        Assert.DoesNotContain(first.Property("Secret (shown once)"), table.Output, StringComparison.Ordinal);

        var removed = Ok(await CliRun.DevAsync(server, "webhook", "remove", firstId));
        Assert.Equal($"Removed webhook {firstId}.", removed.Output.Trim());
        var left = Ok(await CliRun.DevAsync(server, "webhook", "list", "-o", "json")).Json();
        Assert.Equal([secondId], left.EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        var again = await CliRun.DevAsync(server, "webhook", "remove", firstId);
        Assert.True(again.ExitCode == FerryCli.ServiceError, again.ToString());
        Assert.Contains("ResourceNotFound", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_show_the_events_of_a_job_created_after_the_webhook_with_their_status()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await FerryTestServer.StartAsync(new FerryTestServerOptions(WebhookReceiver.ServerSettings));
        var delivered = Ok(await CliRun.DevAsync(server, "webhook", "add", receiver.Url.AbsoluteUri, "--secret", "s3cret", "-o", "json")).Json().GetProperty("id").GetString()!;

        // Nothing listens on this port: the first attempt fails and the retry waits on the server's fake clock.
        var pending = Ok(await CliRun.DevAsync(server, "webhook", "add", $"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook", "-o", "json")).Json().GetProperty("id").GetString()!;
        Ok(await CreateAsync(server, "hooked", "WD-H1"));
        var arrival = await receiver.NextAsync();
        Assert.Equal("dev.ferry.job.stateChanged", arrival.Json["type"]!.GetValue<string>());

        // The receiver has answered; the worker records the answer right after.
        CliResult deliveries = null!;
        await CliRun.UntilAsync(async () =>
        {
            deliveries = await CliRun.DevAsync(server, "webhook", "deliveries", delivered);
            return deliveries.Rows().Skip(1).Any(r => r[3] == "Delivered");
        }, ct);

        Ok(deliveries);
        var row = Assert.Single(deliveries.Rows().Skip(1));
        Assert.Equal(($"job.stateChanged {arrival.WebhookId}", "hooked", "Delivered", "1", "200"), (row[1], row[2], row[3], row[4], row[5]));
        var unanswered = Ok(await CliRun.DevAsync(server, "webhook", "deliveries", pending));
        var waitingRow = Assert.Single(unanswered.Rows().Skip(1));
        Assert.Equal(("hooked", "Pending"), (waitingRow[2], waitingRow[3]));
        var json = Ok(await CliRun.DevAsync(server, "webhook", "deliveries", pending, "-o", "json")).Json();
        var entry = Assert.Single(json.EnumerateArray());
        Assert.Equal(("job.stateChanged", "hooked", "Pending"), (entry.GetProperty("eventType").GetString(), entry.GetProperty("jobName").GetString(), entry.GetProperty("status").GetString()));
    }
}
