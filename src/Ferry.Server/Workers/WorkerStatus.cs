namespace Ferry.Server.Workers;

/// <summary>Where a background loop stands.</summary>
internal enum WorkerStatus
{
    /// <summary>Not started yet.</summary>
    NotStarted,

    /// <summary>Turned off by configuration; never runs.</summary>
    Disabled,

    /// <summary>Looping: running a pass or waiting for the next.</summary>
    Running,

    /// <summary>Ended with the host.</summary>
    Stopped,

    /// <summary>A pass failed in a way it cannot recover from; the host was asked to stop.</summary>
    Failed,
}
