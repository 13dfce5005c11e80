using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Operator;

/// <summary>The emulated data centre in a running server: each progression mode, runtime changes, reset.</summary>
public sealed class EmulationTests
{
    private const string Job = "emujob";

    private static FerryTestServerOptions Emulated(string progression = "Immediate", string neverReceivedAfter = "01:00:00") => new(new Dictionary<string, string>
    {
        ["Ferry:Emulation:Enabled"] = "true",
        ["Ferry:Emulation:Progression"] = progression,
        ["Ferry:Emulation:StepDelay"] = "00:01:00",
        ["Ferry:Emulation:NeverReceivedAfter"] = neverReceivedAfter,
    });

    private static string Bay(FerryTestServer server) => Path.Combine(server.DataDirectory, "drive-bay");

    private static async Task<string> StateAsync(HttpClient op, FerryTestServer server) => (await op.ViewAsync(server, Job))["state"]!.GetValue<string>();

    [Fact]
    public async Task Immediate_progression_takes_a_shipped_job_with_its_drives_in_the_bay_to_Completed()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated());
        Directory.CreateDirectory(Path.Combine(Bay(server), "DRIVE0000"));
        await File.WriteAllBytesAsync(Path.Combine(Bay(server), "DRIVE0000", "data.bin"), new byte[1234]);
        using var op = server.CreateOperatorClient();

        await server.ShippedImportJobAsync(Job);
        await server.WaitUntilAsync(async () => await StateAsync(op, server) == "Completed");

        var view = await op.ViewAsync(server, Job);
        Assert.Equal("ShippedBack", view["drives"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(1234, view["drives"]![0]!["bytesSucceeded"]!.GetValue<long>());
        var history = await op.HistoryAsync(server, Job);
        var emulated = history.Where(e => e!["actor"]!.GetValue<string>() == "emulator").Select(e => e!["newState"]?.GetValue<string>()).Where(s => s is not null);
        Assert.Contains("Received", emulated);
        Assert.Contains("Completed", emulated);
    }

    [Fact]
    public async Task Delayed_progression_moves_a_job_one_step_per_delay_on_the_server_clock()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated("Delayed"));
        Directory.CreateDirectory(Path.Combine(Bay(server), "DRIVE0000"));
        using var op = server.CreateOperatorClient();

        await server.ShippedImportJobAsync(Job);
        await server.WaitUntilAsync(async () => await StateAsync(op, server) == "Completed", nudge: () => server.Clock.Advance(TimeSpan.FromSeconds(20)));

        var history = await op.HistoryAsync(server, Job);
        var jobMoves = history.Where(e => e!["driveId"] is null && e["newState"] is not null).Select(e => DateTimeOffset.Parse(e!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var gaps = jobMoves.Zip(jobMoves.Skip(1), (a, b) => b - a).Skip(1).ToList(); // from Shipping on
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMinutes(1), $"A step came {gap} after the previous one."));
    }

    [Fact]
    public async Task Manual_progression_set_at_runtime_leaves_the_moves_to_operators()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated());
        Directory.CreateDirectory(Path.Combine(Bay(server), "DRIVE0000"));
        using var op = server.CreateOperatorClient();
        using var set = await op.PutAsJsonAsync("operator/emulation", new { progression = "Manual" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("Manual", (await op.GetFromJsonAsync<JsonNode>("operator/emulation"))!["progression"]!.GetValue<string>());

        await server.ShippedImportJobAsync(Job);
        await op.StepOkAsync(server, Job, "receive", OperatorRequests.Package("DRIVE0000"));
        using var immediate = await op.PutAsJsonAsync("operator/emulation", new { progression = "Immediate" });

        // Back to Immediate: the emulator takes over from where the operator left the job.
        Assert.Equal(HttpStatusCode.OK, immediate.StatusCode);
        await server.WaitUntilAsync(async () => await StateAsync(op, server) == "Completed");
        var history = await op.HistoryAsync(server, Job);
        Assert.Equal("operator", history.Single(e => e!["newState"]?.GetValue<string>() == "Received" && e["driveId"] is null)!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_drive_missing_from_the_bay_becomes_never_received_after_the_deadline_and_the_job_closes()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated());
        Directory.CreateDirectory(Path.Combine(Bay(server), "DRIVE0001"));
        using var op = server.CreateOperatorClient();

        await server.ShippedImportJobAsync(Job, drives: 2);
        await server.WaitUntilAsync(async () => (await op.ViewAsync(server, Job))["drives"]![1]!["state"]!.GetValue<string>() == "Received");
        Assert.Equal("Shipping", await StateAsync(op, server));
        await server.WaitUntilAsync(async () => await StateAsync(op, server) == "Closed", nudge: () => server.Clock.Advance(TimeSpan.FromMinutes(10)));

        var view = await op.ViewAsync(server, Job);
        Assert.Equal("NeverReceived", view["drives"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("ShippedBack", view["drives"]![1]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_job_receives_the_bay_folders_of_its_name_as_drives()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated());
        Directory.CreateDirectory(Path.Combine(Bay(server), Job, "BLANK-A"));
        Directory.CreateDirectory(Path.Combine(Bay(server), Job, "BLANK-B"));
        using var op = server.CreateOperatorClient();

        await server.ShippedExportJobAsync(Job);
        await server.WaitUntilAsync(async () => await StateAsync(op, server) == "Completed");

        var drives = (await op.ViewAsync(server, Job))["drives"]!.AsArray();
        Assert.Equal(["BLANK-A", "BLANK-B"], drives.Select(d => d!["driveId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reset_wipes_every_job_of_the_subscription_and_only_that_subscription()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated("Manual"));
        await server.ShippedImportJobAsync(Job);
        using var customer = server.CreateClient();
        await customer.PutJobAsync(server, OperatorRequests.Account, ClassicRequests.ImportJob("second"));
        var (other, certificate) = await server.AddSubscriptionAsync();
        using var otherClient = server.CreateClient(certificate);
        using var otherRequest = ClassicRequests.Create(server, HttpMethod.Put, "storageaccounts/acct/jobs/theirs", json: ClassicRequests.ImportJob("theirs").ToJsonString());
        otherRequest.RequestUri = new Uri(otherRequest.RequestUri!.AbsoluteUri.Replace(server.SubscriptionId, other, StringComparison.Ordinal));
        using var otherPut = await otherClient.SendAsync(otherRequest);
        Assert.Equal(HttpStatusCode.Created, otherPut.StatusCode);
        using var op = server.CreateOperatorClient();

        using var reset = await op.DeleteAsync($"operator/subscriptions/{server.SubscriptionId}/jobs");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(2, (await reset.Content.ReadFromJsonAsync<JsonNode>())!["deleted"]!.GetValue<int>());
        Assert.Empty(ClassicRequests.Names(await customer.ListJobsAsync(server, OperatorRequests.Account)));
        using var theirs = await op.GetAsync($"operator/subscriptions/{other}/jobs/theirs");
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        var history = await op.HistoryAsync(server, Job);
        Assert.Equal(("Reset", "operator", "Shipping"), (history[^1]!["action"]!.GetValue<string>(), history[^1]!["actor"]!.GetValue<string>(), history[^1]!["oldState"]!.GetValue<string>()));
        Assert.Null(history[^1]!["newState"]);
    }

    [Fact]
    public async Task Emulation_settings_are_refused_when_emulation_is_off_or_invalid()
    {
        await using var off = await FerryTestServer.StartAsync();
        using var offClient = off.CreateOperatorClient();
        using var refused = await offClient.PutAsJsonAsync("operator/emulation", new { progression = "Manual" });
        await OperatorRequests.AssertProblemAsync(refused, HttpStatusCode.Conflict, "Conflict", "not enabled");
        Assert.False((await offClient.GetFromJsonAsync<JsonNode>("operator/emulation"))!["enabled"]!.GetValue<bool>());

        await using var on = await FerryTestServer.StartAsync(Emulated());
        using var onClient = on.CreateOperatorClient();
        using var badDelay = await onClient.PutAsJsonAsync("operator/emulation", new { progression = "Immediate", stepDelay = "00:00:05" });
        using var badMode = await onClient.PutAsJsonAsync("operator/emulation", new { progression = "Sometimes" });
        await OperatorRequests.AssertProblemAsync(badDelay, HttpStatusCode.BadRequest, "BadRequest");
        await OperatorRequests.AssertProblemAsync(badMode, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("Immediate", (await onClient.GetFromJsonAsync<JsonNode>("operator/emulation"))!["progression"]!.GetValue<string>());
    }
}
