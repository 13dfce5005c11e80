namespace Ferry.Core.Jobs;

/// <summary>A drive being copied now (state <see cref="DriveState.Transferring"/>), with its job.</summary>
/// <param name="Job">The job, without its drives.</param>
/// <param name="Drive">The drive.</param>
/// <param name="Worker">The transfer engine's worker holding the drive's claim, or null (an operator-driven copy, or a lapsed claim).</param>
public sealed record DriveInTransfer(Job Job, Drive Drive, string? Worker);
