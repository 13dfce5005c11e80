namespace Ferry.Core.Persistence;

/// <summary>
/// The name of this server instance on the leases it holds (transfer claims, leader leases):
/// <c>{machine}:{process id}:{random}</c>, unique per instance even when a process hosts several servers (tests) or a
/// process id is reused. One per service provider, for the instance's lifetime.
/// </summary>
public sealed class InstanceIdentity
{
    /// <summary>A new identity of this process.</summary>
    public InstanceIdentity()
        : this($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}")
    {
    }

    /// <summary>An identity with a given name (tests); at most 128 characters (the owner columns).</summary>
    public InstanceIdentity(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id.Length, 128, nameof(id));
        Id = id;
    }

    /// <summary>The owner written on this instance's leases; never empty.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
