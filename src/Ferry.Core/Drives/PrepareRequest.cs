namespace Ferry.Core.Drives;

/// <summary>One copy session of <see cref="DrivePreparer"/> (the WAImportExport tool's PrepImport).</summary>
/// <param name="JournalPath">
/// The journal file: created on the first session, then reused by later sessions and by <paramref name="Resume"/>. It must
/// not be inside a drive. It holds the drives' recovery passwords and the storage credential: keep it safe.
/// </param>
/// <param name="SessionId">The copy session's id: 3 to 30 letters, digits, <c>_</c>, <c>-</c> or <c>#</c> (docs/formats.md §7.3).</param>
/// <param name="Dataset">What to copy, in order. With <paramref name="Resume"/> it may be empty (the journal's is used), or must equal the journal's.</param>
/// <param name="Drives">
/// The drives to fill, in order. May be empty on later sessions and on resume: the journal's drives are used.
/// </param>
/// <param name="StorageAccountKey">The account key to record in the manifests; at most one of it and <paramref name="ContainerSas"/>, and one is required on a journal's first session. A secret.</param>
/// <param name="ContainerSas">The container SAS (<c>container?sv=…</c>) to record in the manifests. A secret.</param>
/// <param name="SkipWrite">The data is already on the drives: hash it in place, copy nothing.</param>
/// <param name="Resume">Continue the journal's interrupted session <paramref name="SessionId"/>.</param>
/// <param name="BlockSize">Block size of block blobs and largest page range of page blobs, 512 bytes to 4 MiB (ranges are rounded down to a multiple of 512).</param>
public sealed record PrepareRequest(
    string JournalPath,
    string SessionId,
    IReadOnlyList<DatasetEntry> Dataset,
    IReadOnlyList<PrepareDrive> Drives,
    string? StorageAccountKey = null,
    string? ContainerSas = null,
    bool SkipWrite = false,
    bool Resume = false,
    int BlockSize = 4 * 1024 * 1024)
{
    /// <summary>The journal, session and sizes; never the credentials or keys.</summary>
    public override string ToString() =>
        $"PrepareRequest {{ JournalPath = {JournalPath}, SessionId = {SessionId}, Dataset = {Dataset.Count}, Drives = {Drives.Count}, SkipWrite = {SkipWrite}, Resume = {Resume}, BlockSize = {BlockSize} }}";
}
