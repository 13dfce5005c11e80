namespace Ferry.Core.Drives;

/// <summary>A drive to prepare: a folder standing for a mounted disk.</summary>
/// <param name="Root">The drive's root directory; created when missing for a drive the journal does not know yet.</param>
/// <param name="Capacity">
/// Bytes the drive may hold in all (earlier sessions included); null for the file system's free space at the time of the session.
/// </param>
/// <param name="DriveId">
/// The id to give a new drive, or the id of a drive already labelled by another journal (then with
/// <paramref name="BitLockerKey"/>); null to generate one (<see cref="DriveIds.Generate"/>) or keep the journal's.
/// </param>
/// <param name="BitLockerKey">
/// The recovery password to protect a new drive with, or the one that unlocks a drive already labelled; must be
/// <see cref="RecoveryPassword.IsWellFormed"/>. Null to generate one or keep the journal's. A secret.
/// </param>
public sealed record PrepareDrive(string Root, long? Capacity = null, string? DriveId = null, string? BitLockerKey = null)
{
    /// <summary>The root and capacity; never the key.</summary>
    public override string ToString() => $"PrepareDrive {{ Root = {Root}, Capacity = {Capacity}, DriveId = {DriveId} }}";
}
