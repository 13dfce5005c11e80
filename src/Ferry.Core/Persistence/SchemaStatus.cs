namespace Ferry.Core.Persistence;

/// <summary>How a database's schema compares with the running build's migrations.</summary>
/// <param name="Pending">Migrations this build has that the database lacks, oldest first.</param>
/// <param name="Unknown">Migrations the database has that this build does not know (a newer build applied them).</param>
public sealed record SchemaStatus(IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown);
