namespace Ferry.Core.Drives;

/// <summary>A prepared drive: its entry for Put Job's <c>DriveList</c> (docs/formats.md §7.5), and what it holds.</summary>
/// <param name="DriveId">The drive's id.</param>
/// <param name="BitLockerKey">Its recovery password. A secret.</param>
/// <param name="ManifestFile">The manifest's drive path: always <c>\DriveManifest.xml</c>.</param>
/// <param name="ManifestHash">The manifest file's MD5, 32 uppercase hex digits.</param>
/// <param name="Root">The drive's root directory.</param>
/// <param name="Bytes">Total length of the blobs in the drive's manifest (every session).</param>
/// <param name="Blobs">Number of blobs in the drive's manifest (every session).</param>
public sealed record PreparedDrive(string DriveId, string BitLockerKey, string ManifestFile, string ManifestHash, string Root, long Bytes, int Blobs)
{
    /// <summary>Everything but the key.</summary>
    public override string ToString() =>
        $"PreparedDrive {{ DriveId = {DriveId}, ManifestFile = {ManifestFile}, ManifestHash = {ManifestHash}, Root = {Root}, Bytes = {Bytes}, Blobs = {Blobs} }}";
}
