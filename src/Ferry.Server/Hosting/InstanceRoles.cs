namespace Ferry.Server.Hosting;

/// <summary>The roles this instance was started with.</summary>
public sealed record InstanceRoles(ServerRoles Roles);
