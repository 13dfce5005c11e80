using Ferry.Core.Emulation;
using Ferry.Server;
using Ferry.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ferry.UnitTests.Server.Hosting;

/// <summary>The server's settings sources: the working directory's appsettings.json, --config files, switches, precedence.</summary>
public sealed class ServerConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ferry-config-unit");

    [Fact]
    public async Task The_working_directory_settings_and_config_files_reach_the_built_server_in_order()
    {
        Write("appsettings.json", """{ "Ferry": { "Emulation": { "Enabled": true, "StepDelay": "00:00:07", "PollInterval": "00:00:03" } } }""");
        Write("one.json", """{ "Ferry": { "Emulation": { "StepDelay": "00:00:11", "NeverReceivedAfter": "2.00:00:00" } } }""");
        Write("two.json", """{ "Ferry": { "Emulation": { "NeverReceivedAfter": "3.00:00:00" } } }""");
        string[] args = ["--data-dir", Path.Combine(_folder.FullName, "data"), "--urls", "https://127.0.0.1:0", "--config", "one.json", "--config=two.json",
            "--Ferry:Emulation:PollInterval", "00:00:01", "--Ferry:Transfer:Enabled", "false"];

        await using var app = await FerryServer.BuildAsync(args, _folder.FullName, configure: null, TestContext.Current.CancellationToken);

        var emulation = app.Services.GetRequiredService<IOptions<EmulationOptions>>().Value;
        Assert.True(emulation.Enabled);                                              // working directory
        Assert.Equal(TimeSpan.FromSeconds(11), emulation.StepDelay);                  // --config beats the working directory
        Assert.Equal(TimeSpan.FromDays(3), emulation.NeverReceivedAfter);             // the later --config wins
        Assert.Equal(TimeSpan.FromSeconds(1), emulation.PollInterval);                // the command line beats them all
    }

    [Fact]
    public void Environment_variables_beat_config_files_and_lose_to_the_command_line()
    {
        var prefix = $"FERRYTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Ferry__A", "env");
        Environment.SetEnvironmentVariable(prefix + "Ferry__B", "env");
        try
        {
            Write("appsettings.json", """{ "Ferry": { "A": "local", "B": "local", "C": "local", "D": "local" } }""");
            Write("extra.json", """{ "Ferry": { "A": "file", "B": "file", "C": "file" } }""");
            var configuration = new ConfigurationManager();
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ferry:A"] = "default", ["Ferry:E"] = "default" });
            configuration.AddJsonFile(Path.Combine(_folder.FullName, "missing-program-settings.json"), optional: true);
            configuration.AddEnvironmentVariables(prefix);

            ServerConfiguration.AddSources(configuration, ["--config", "extra.json", "--Ferry:A", "command-line"], _folder.FullName);

            Assert.Equal(
                ("command-line", "env", "file", "local", "default"),
                (configuration["Ferry:A"], configuration["Ferry:B"], configuration["Ferry:C"], configuration["Ferry:D"], configuration["Ferry:E"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Ferry__A", null);
            Environment.SetEnvironmentVariable(prefix + "Ferry__B", null);
        }
    }

    [Fact]
    public void A_missing_config_file_is_refused_by_name()
    {
        var configuration = new ConfigurationManager();

        var refused = Assert.Throws<InvalidOperationException>(() => ServerConfiguration.AddSources(configuration, ["--config", "nowhere.json"], _folder.FullName));

        Assert.Contains(Path.Combine(_folder.FullName, "nowhere.json"), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emulation_switch_alone_means_true_and_leaves_the_next_option_alone()
    {
        var args = ServerConfiguration.NormalizeArguments(["--emulation", "--urls", "https://127.0.0.1:0", "--emulation"]);
        var configuration = new ConfigurationManager();

        ServerConfiguration.AddSources(configuration, args, _folder.FullName);

        Assert.Equal(["--emulation", "true", "--urls", "https://127.0.0.1:0", "--emulation", "true"], args);
        Assert.Equal(("true", "https://127.0.0.1:0"), (configuration["Ferry:Emulation:Enabled"], configuration["urls"]));
        Assert.Equal(["--emulation", "false"], ServerConfiguration.NormalizeArguments(["--emulation", "false"]));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_folder.FullName, name), json);
}
