using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ferry.Data.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host (no server is contacted).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlFerryDbContext>
{
    public PostgreSqlFerryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlFerryDbContext>();
        PostgreSqlJobStoreExtensions.Configure(options, "Host=localhost;Database=ferry");
        return new PostgreSqlFerryDbContext(options.Options);
    }
}
