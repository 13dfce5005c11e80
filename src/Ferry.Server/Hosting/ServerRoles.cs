namespace Ferry.Server.Hosting;

/// <summary>What an instance does (<c>Ferry:Roles</c>, <c>--roles api,worker</c>). Both by default.</summary>
[Flags]
public enum ServerRoles
{
    /// <summary>Serves the customer and operator APIs.</summary>
    Api = 1,

    /// <summary>
    /// Runs the background work: transfers (claimed drive by drive under leases), and the sweeper, the webhook outbox
    /// and the emulator (each run by one worker instance at a time, under a leader lease).
    /// </summary>
    Worker = 2,
}
