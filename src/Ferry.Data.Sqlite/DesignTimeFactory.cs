using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ferry.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SqliteFerryDbContext>
{
    public SqliteFerryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteFerryDbContext>();
        SqliteJobStoreExtensions.Configure(options, "Data Source=design.db", SqliteSynchronous.Full);
        return new SqliteFerryDbContext(options.Options);
    }
}
