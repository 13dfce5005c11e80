using System.Net;
using Ferry.Core.Persistence;
using Ferry.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.IntegrationTests.Operator;

/// <summary>
/// docs/operator-api.md §4: liveness and readiness to anyone, never cached; the checks' details only with the operator
/// token; a schema that is not this build's is not ready. (The database going away: <c>CrashLoopTests</c> and
/// <c>DatabaseOutageTests</c>.)
/// </summary>
public sealed class HealthTests
{
    private const string FutureMigration = "29991231000000_FromANewerFerry";
    private const string AddFuture = "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('" + FutureMigration + "', '99.0.0')";
    private const string RemoveFuture = "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '" + FutureMigration + "'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Live_and_ready_answer_anyone_and_only_the_operator_token_gets_each_check()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateClient(anonymous: true);
        using var wrongToken = server.CreateOperatorClient(new string('x', 40));
        using var operatorClient = server.CreateOperatorClient();

        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz/live", Ct));
        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz/ready", Ct));
        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz", Ct));
        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(wrongToken, "healthz/ready", Ct));

        var (status, report) = await OutageAssert.DetailedHealthAsync(anonymous, server.Credentials.OperatorToken!, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsObject();
        Assert.Equal(["data-directory", "database", "key-ring", "loops"], checks.Select(c => c.Key).Order(StringComparer.Ordinal));
        foreach (var (name, check) in checks)
        {
            Assert.True(check!["status"]!.GetValue<string>() == "Healthy", $"{name}: {check.ToJsonString()}");
            Assert.False(string.IsNullOrWhiteSpace(check["description"]!.GetValue<string>()));
            Assert.True(check["durationMs"]!.GetValue<double>() >= 0);
        }

        Assert.Contains("at this build's schema", checks["database"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("loops are running", checks["loops"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // The operator surface's own client sends the token too: the details are not an operator endpoint, nothing is refused.
        using var viaOperator = await operatorClient.GetAsync("healthz/live", Ct);
        Assert.Equal(HttpStatusCode.OK, viaOperator.StatusCode);
    }

    [Fact]
    public async Task A_schema_with_a_migration_this_build_does_not_know_is_not_ready_and_is_again_when_it_is_gone()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var anonymous = server.CreateClient(anonymous: true);
        var contexts = server.Services.GetRequiredService<IDbContextFactory<FerryDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.ExecuteSqlRawAsync(AddFuture, Ct);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await OutageAssert.BareHealthAsync(anonymous, "healthz/ready", Ct));
        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz/live", Ct));
        var (status, report) = await OutageAssert.DetailedHealthAsync(anonymous, server.Credentials.OperatorToken!, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var database = report["checks"]!["database"]!;
        Assert.Equal("Unhealthy", database["status"]!.GetValue<string>());
        Assert.Contains("not at this build's schema", database["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("1 applied migration(s) are unknown", database["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Healthy", report["checks"]!["data-directory"]!["status"]!.GetValue<string>());

        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.ExecuteSqlRawAsync(RemoveFuture, Ct);
        }

        Assert.Equal(HttpStatusCode.OK, await OutageAssert.BareHealthAsync(anonymous, "healthz/ready", Ct));
    }
}
