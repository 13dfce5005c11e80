using System.Text.Json;
using Ferry.Cli;
using Ferry.IntegrationTests.Support;
using static Ferry.IntegrationTests.Cli.OperatorCommandsTests;

namespace Ferry.IntegrationTests.Cli;

/// <summary>
/// <c>ferry operator emulation</c>, <c>operator reset</c> and a <c>job wait</c> that follows the emulated data centre,
/// against a real server reached by nothing but <c>--data-dir</c>.
/// </summary>
public sealed class EmulationCommandsTests
{
    private const string Account = "cliacct";

    private static FerryTestServerOptions Emulated() => new(new Dictionary<string, string> { ["Ferry:Emulation:Enabled"] = "true" });

    [Fact]
    public async Task Emulation_shows_the_settings_and_changes_the_progression_to_Manual_and_to_Delayed_with_a_step_delay()
    {
        await using var server = await FerryTestServer.StartAsync(Emulated());

        var shown = Ok(await CliRun.DevAsync(server, "operator", "emulation"));
        Assert.Equal(("yes", "Immediate", "00:00:05"), (shown.Property("Enabled"), shown.Property("Progression"), shown.Property("Step delay")));
        Assert.Equal(Path.Combine(server.DataDirectory, "drive-bay"), shown.Property("Drive bay"));
        Assert.Equal("14.00:00:00", shown.Property("Never received after"));

        var manual = Ok(await CliRun.DevAsync(server, "operator", "emulation", "--progression", "Manual"));
        Assert.Equal("Manual", manual.Property("Progression"));
        Assert.Equal("Manual", Ok(await CliRun.DevAsync(server, "operator", "emulation", "-o", "json")).Json().GetProperty("progression").GetString());

        var delayed = Ok(await CliRun.DevAsync(server, "operator", "emulation", "--progression", "Delayed", "--step-delay", "30s", "-o", "json")).Json();
        Assert.Equal(("Delayed", "00:00:30"), (delayed.GetProperty("progression").GetString(), delayed.GetProperty("stepDelay").GetString()));
        Assert.True(delayed.GetProperty("enabled").GetBoolean());
        var after = Ok(await CliRun.DevAsync(server, "operator", "emulation"));
        Assert.Equal(("Delayed", "00:00:30"), (after.Property("Progression"), after.Property("Step delay")));

        var alone = await CliRun.DevAsync(server, "operator", "emulation", "--step-delay", "5s");
        Assert.True(alone.ExitCode == FerryCli.UsageError, alone.ToString());
        Assert.Contains("--step-delay goes with --progression Delayed", alone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_emulation_on_a_server_without_it_is_refused_with_exit_1_and_Conflict()
    {
        await using var server = await FerryTestServer.StartAsync();

        var refused = await CliRun.DevAsync(server, "operator", "emulation", "--progression", "Manual");

        Assert.True(refused.ExitCode == FerryCli.ServiceError, refused.ToString());
        Assert.Contains("Conflict (HTTP 409)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Emulation is not enabled", refused.Error, StringComparison.Ordinal);
        var shown = Ok(await CliRun.DevAsync(server, "operator", "emulation"));
        Assert.Equal(("no", "Immediate"), (shown.Property("Enabled"), shown.Property("Progression")));
    }

    [Fact]
    public async Task Reset_with_yes_deletes_every_job_of_the_subscription()
    {
        await using var server = await FerryTestServer.StartAsync();
        Ok(await CreateAsync(server, "first", "WD-1"));
        await ShippedAsync(server, "second", "WD-2");
        Assert.Equal(2, Ok(await CliRun.DevAsync(server, "job", "list", "--account", Account, "-o", "json")).Json().GetArrayLength());

        var reset = Ok(await CliRun.DevAsync(server, "operator", "reset", "--yes"));

        Assert.Equal($"Deleted 2 job(s) of subscription {server.SubscriptionId}.", reset.Output.Trim());
        var list = Ok(await CliRun.DevAsync(server, "job", "list", "--account", Account, "-o", "json")).Json();
        Assert.Equal((JsonValueKind.Array, 0), (list.ValueKind, list.GetArrayLength()));
        var gone = await CliRun.DevAsync(server, "job", "show", "second", "--account", Account);
        Assert.True(gone.ExitCode == FerryCli.ServiceError, gone.ToString());
        Assert.Contains("ResourceNotFound", gone.Error, StringComparison.Ordinal);
        var operatorView = await CliRun.DevAsync(server, "operator", "show", "second");
        Assert.True(operatorView.ExitCode == FerryCli.ServiceError, operatorView.ToString());
        Assert.Contains("ResourceNotFound", operatorView.Error, StringComparison.Ordinal);
        var again = Ok(await CliRun.DevAsync(server, "operator", "reset", "--yes", "-o", "json")).Json();
        Assert.Equal((server.SubscriptionId, 0), (again.GetProperty("subscriptionId").GetString(), again.GetProperty("deleted").GetInt32()));
    }

    [Fact]
    public async Task Job_wait_follows_the_emulator_from_Creating_to_Completed_printing_each_state_it_sees()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FerryTestServer.StartAsync(Emulated());
        Ok(await CreateAsync(server, "emu", "WD-E1", "WD-E2"));
        Directory.CreateDirectory(Path.Combine(server.DataDirectory, "drive-bay", "WD-E1"));
        Directory.CreateDirectory(Path.Combine(server.DataDirectory, "drive-bay", "WD-E2"));
        var (output, read) = CliRun.SharedOutput();

        var waiting = CliRun.DevAsync(server, output, "job", "wait", "emu", "--account", Account, "--state", "Completed", "--interval", "50ms", "--timeout", "60s");
        await CliRun.UntilAsync(() => read().Contains("emu: Creating", StringComparison.Ordinal), ct);
        Ok(await CliRun.DevAsync(server, "job", "ship", "emu", "--account", Account, "--carrier", "FedEx", "--tracking", "1"));
        Ok(await waiting);

        var lines = read().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("emu: Creating | WD-E1 Specified | WD-E2 Specified", lines[0]);
        Assert.StartsWith("emu: Completed", lines[^2], StringComparison.Ordinal);
        Assert.EndsWith("| WD-E1 ShippedBack 100% | WD-E2 ShippedBack 100%", lines[^2], StringComparison.Ordinal);
        Assert.Equal("Job emu is Completed.", lines[^1]);
        string[] lifecycle = ["Creating", "Shipping", "Received", "Transferring", "Packaging", "Completed"];
        var seen = lines[..^1].Select(line => line["emu: ".Length..].Split(' ', '|')[0]).Distinct().ToList();
        Assert.Equal(seen.OrderBy(s => Array.IndexOf(lifecycle, s)), seen);
        Assert.All(seen, s => Assert.Contains(s, lifecycle));

        var history = Ok(await CliRun.DevAsync(server, "operator", "history", "emu"));
        Assert.Equal(lifecycle, JobStates(history));
        Assert.Contains(history.Rows(), r => r[2] == "System emulator" && r[5] == "Packaging -> Completed");
    }
}
