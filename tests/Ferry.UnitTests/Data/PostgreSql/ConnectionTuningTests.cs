using Ferry.Data.PostgreSql;
using Npgsql;

namespace Ferry.UnitTests.Data.PostgreSql;

/// <summary>
/// The PostgreSQL connection string as Ferry uses it (docs/architecture.md §11.2 and docs/architecture.md §11.12): automatic preparation on and
/// the pooled connection's session reset off unless the operator's connection string says otherwise, and nothing else
/// changes.
/// </summary>
public sealed class ConnectionTuningTests
{
    [Fact]
    public void Automatic_preparation_is_turned_on_when_the_connection_string_does_not_mention_it()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlJobStoreExtensions.Tune("Host=db.example;Database=ferry;Username=ferry;Password=secret"));

        Assert.Equal(PostgreSqlJobStoreExtensions.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(PostgreSqlJobStoreExtensions.DefaultAutoPrepareMinUsages, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db.example", tuned.Host);
        Assert.Equal("ferry", tuned.Database);
        Assert.Equal("secret", tuned.Password);
        Assert.True(tuned.Pooling);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=7;No Reset On Close=false", 0, 7, false)]
    [InlineData("Host=db;maxautoprepare=10", 10, PostgreSqlJobStoreExtensions.DefaultAutoPrepareMinUsages, true)]
    public void Settings_the_connection_string_names_are_kept(string connectionString, int maxAutoPrepare, int minUsages, bool noReset)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlJobStoreExtensions.Tune(connectionString));

        Assert.Equal(maxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(minUsages, tuned.AutoPrepareMinUsages);
        Assert.Equal(noReset, tuned.NoResetOnClose);
    }
}
