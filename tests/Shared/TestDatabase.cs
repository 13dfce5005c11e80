namespace Ferry.TestSupport;

/// <summary>
/// The database backend the store and integration tests run on: SQLite by default, PostgreSQL when
/// <c>FERRY_TEST_DATABASE=postgresql</c> (the test command runs the suite once on each).
/// </summary>
public static class TestDatabase
{
    /// <summary>Whether this run's tests use PostgreSQL (<see cref="PostgreSqlServer"/>) rather than SQLite.</summary>
    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable("FERRY_TEST_DATABASE"), "postgresql", StringComparison.OrdinalIgnoreCase);
}
