using Ferry.Cli;
using Ferry.Server;
using Ferry.TestSupport;

namespace Ferry.IntegrationTests.Scale;

/// <summary>
/// Starting on PostgreSQL: a server whose database schema is behind its code refuses to start and says how to migrate;
/// <c>ferry db status</c> reports it, <c>ferry db migrate</c> brings it up to date, and the server then starts. Bad
/// database and role settings stop the start with a message naming the setting.
/// </summary>
public sealed class PostgreSqlStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));

    private static async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FerryCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_server_on_an_unmigrated_database_refuses_to_start_until_ferry_db_migrate_has_run()
    {
        var postgres = await PostgreSqlServer.GetAsync();
        postgres.EnsureAvailable();
        var connectionString = await postgres.CreateEmptyDatabaseAsync(Ct);
        try
        {
            string[] database = ["--database", "postgresql", "--connection-string", connectionString];
            string[] server = ["--data-dir", NewDataDirectory(), "--urls", "https://127.0.0.1:0", "--Ferry:Transfer:Enabled", "false", .. database];

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => FerryServer.BuildAsync(server, null, Ct));
            Assert.Contains("behind this Ferry", refused.Message, StringComparison.Ordinal);
            Assert.Contains("ferry db migrate", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(connectionString, refused.Message, StringComparison.Ordinal);

            var behind = await CliAsync(["db", "status", .. database]);
            Assert.Equal(FerryCli.ServiceError, behind.Code);
            Assert.Contains("ferry db migrate", behind.Error, StringComparison.Ordinal);

            var migrated = await CliAsync(["db", "migrate", .. database]);
            Assert.Equal(FerryCli.Ok, migrated.Code);
            Assert.Equal(FerryCli.Ok, (await CliAsync(["db", "status", .. database])).Code);

            // Migrating again changes nothing and succeeds.
            Assert.Equal(FerryCli.Ok, (await CliAsync(["db", "migrate", .. database])).Code);

            await using var app = await FerryServer.BuildAsync(server, null, Ct);
            await app.StartAsync(Ct);
            await app.StopAsync(Ct);
        }
        finally
        {
            await postgres.DropDatabaseAsync(connectionString, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("--database", "mongodb", "Ferry:Database")]
    [InlineData("--roles", "api,janitor", "unknown role 'janitor'")]
    public async Task A_bad_database_or_role_setting_stops_the_start_naming_it(string option, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            FerryServer.BuildAsync(["--data-dir", NewDataDirectory(), "--urls", "https://127.0.0.1:0", option, value], null, Ct));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_stops_the_start_and_says_what_is_missing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            FerryServer.BuildAsync(["--data-dir", NewDataDirectory(), "--urls", "https://127.0.0.1:0", "--database", "postgresql"], null, Ct));
        Assert.Contains("--connection-string", error.Message, StringComparison.Ordinal);
        Assert.Equal(FerryCli.UsageError, (await CliAsync("db", "migrate", "--database", "postgresql")).Code);
    }
}
