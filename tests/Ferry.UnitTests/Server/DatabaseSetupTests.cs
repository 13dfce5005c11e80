using Ferry.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Ferry.UnitTests.Server;

/// <summary>
/// The PostgreSQL connection-string check, now in a method of its own so that Npgsql loads only on PostgreSQL
/// (docs/architecture.md §11.3): a bad string is still refused with the setting's name and without its text.
/// </summary>
public sealed class DatabaseSetupTests
{
    [Fact]
    public void A_bad_PostgreSQL_connection_string_is_refused_without_echoing_it()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Password=s3cret;Nonsense=1" };

        var e = Assert.Throws<InvalidOperationException>(() => DatabaseSetup.Check(database));

        Assert.StartsWith("Ferry:Database:ConnectionString is not a valid PostgreSQL connection string", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_PostgreSQL_connection_string_and_SQLite_without_one_pass()
    {
        var postgreSql = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Database=ferry;Username=ferry" };
        var sqlite = new DatabaseOptions();

        Assert.Same(postgreSql, DatabaseSetup.Check(postgreSql));
        Assert.Same(sqlite, DatabaseSetup.Check(sqlite));
    }

    [Fact]
    public void The_shipped_settings_and_the_option_default_bound_the_job_cache_at_4096()
    {
        // The bound was 20,000 until a cached job was measured at about 2.4 KB (docs/architecture.md §11.10).
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();

        Assert.Equal(4_096, new DatabaseOptions().JobCacheCapacity);
        Assert.Equal(4_096, DatabaseSetup.Read(shipped).JobCacheCapacity);
        Assert.Equal(4_096, DatabaseSetup.Read(new ConfigurationBuilder().Build()).JobCacheCapacity);
    }
}
