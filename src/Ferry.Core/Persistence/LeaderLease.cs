namespace Ferry.Core.Persistence;

/// <summary>
/// A named lease that makes one instance, among all that share the database, the one to run a background loop
/// (the sweeper, the webhook outbox, the emulator). It lapses at <see cref="ExpiresAt"/> unless its holder renews it,
/// and then any instance may take it.
/// </summary>
public sealed class LeaderLease
{
    /// <summary>The loop's name, e.g. <c>sweeper</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The holding instance.</summary>
    public string Owner { get; set; } = "";

    /// <summary>When the lease lapses unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
