namespace Ferry.UnitTests.Support;

/// <summary>The databases a store test runs on (each test of a store runs on every backend).</summary>
public enum StoreBackend
{
    /// <summary>A SQLite file in a temporary folder.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database of its own (<see cref="PostgreSqlTestDatabase"/>).</summary>
    PostgreSql,
}
