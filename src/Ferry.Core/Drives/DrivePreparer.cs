using System.Text.RegularExpressions;

namespace Ferry.Core.Drives;

/// <summary>
/// Prepares import drives as the WAImportExport tool's PrepImport does (docs/formats.md §7): labels each drive (a
/// <see cref="DriveLabel"/> protecting its recovery password), copies the dataset onto the drives under a folder named after
/// the session while hashing it in one pass, writes each drive's <c>\DriveManifest.xml</c>, and keeps a journal from which
/// an interrupted session resumes and later sessions add data. The journal and the drive-info files next to it hold the
/// drives' recovery passwords and the storage credential.
/// </summary>
/// <remarks>
/// The preparer plans before it writes: every input problem (a bad drive, a file that fits on no drive, a page blob whose
/// length is not a multiple of 512, a bad metadata file…) is a <see cref="DrivePreparationException"/> before anything is
/// copied or recorded. Memory stays bounded: a few 4 MiB buffers (the processor count plus two, at most ten), whatever the
/// file sizes.
/// </remarks>
public sealed partial class DrivePreparer
{
    /// <summary>The manifest's drive path on every prepared drive.</summary>
    public const string ManifestFile = @"\DriveManifest.xml";

    /// <summary>The <c>ClientCreator</c> written into manifests.</summary>
    public const string ClientCreator = "Ferry";

    /// <summary>Room kept free on every drive for its manifest, beyond <see cref="PerBlockReserve"/>: 1 MiB.</summary>
    public const long ManifestReserve = 1024 * 1024;

    /// <summary>Room kept free per block or page range (and one more per file) for its manifest entry: 200 bytes.</summary>
    public const long PerBlockReserve = 200;

    /// <summary>Largest block or page range, and the size of the copy buffer: 4 MiB.</summary>
    public const int MaxBlockSize = 4 * 1024 * 1024;

    private const string ManifestFileName = "DriveManifest.xml";

    /// <summary>
    /// Runs one session: a new one, or with <see cref="PrepareRequest.Resume"/> the interrupted one of the same id. On the
    /// first use of a drive in the journal it gets an id (<see cref="PrepareDrive.DriveId"/> or a new one) and a recovery
    /// password (<see cref="PrepareDrive.BitLockerKey"/> or a new one) and its label is written; a drive labelled by another
    /// journal is used only with its id and a key that unlocks it. Files are spread over the drives in order (a file goes to
    /// the current drive while it fits, else to the next), copied to <c>&lt;root&gt;\&lt;SessionId&gt;\…</c> (never over an
    /// existing file: a clashing name gets <c> (2)</c>, <c> (3)</c>…) and recorded in the journal once flushed to disk, the
    /// files completed together sharing one journal write and flush. Then every drive of the session gets its manifest, with one <c>BlobList</c> per session (id
    /// <c>&lt;SessionId&gt;-&lt;n&gt;</c>, n the drive's position in that session), and a drive-info file
    /// <c>&lt;journal&gt;_DriveInfo_&lt;DriveId&gt;.xml</c> is written next to the journal.
    /// </summary>
    /// <param name="request">The session.</param>
    /// <param name="progress">Told after every block and file; called on the preparer's thread.</param>
    /// <param name="cancellationToken">
    /// Stops the copy between blocks with <see cref="OperationCanceledException"/>; the journal stays valid and the session
    /// can be resumed.
    /// </param>
    /// <returns>
    /// For each drive of the session in order that holds at least one blob (over all sessions), its <c>DriveList</c> entry.
    /// A drive that received nothing has no manifest and is left out.
    /// </returns>
    /// <exception cref="DrivePreparationException">The request, the journal, a drive or the data was refused; nothing was copied if planning failed.</exception>
    /// <exception cref="IOException">Reading or writing a file failed (the session can be resumed).</exception>
    /// <exception cref="UnauthorizedAccessException">A file or directory could not be opened.</exception>
    public async Task<IReadOnlyList<PreparedDrive>> PrepareAsync(PrepareRequest request, IProgress<PrepareProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var journalPath = Path.GetFullPath(request.JournalPath);
        EnsureOutsideDrives(journalPath, request.Drives.Select(d => d.Root));
        var newFolder = !Directory.Exists(Path.GetDirectoryName(journalPath));
        var newJournal = newFolder || !File.Exists(journalPath);
        using var journal = PrepareJournal.Open(journalPath);
        ActiveSession session;
        try
        {
            EnsureOutsideDrives(journalPath, journal.State.Drives.Select(d => d.Root));
            session = request.Resume ? Resume(request, journal) : Start(request, journal);
        }
        catch (DrivePreparationException) when (newJournal)
        {
            // Refused before anything was planned: a journal this call created holds only its header and is removed
            // (drive folders are created only once the plan holds).
            journal.Dispose();
            File.Delete(journalPath);
            if (newFolder)
            {
                Directory.Delete(Path.GetDirectoryName(journalPath)!);
            }

            throw;
        }

        await CopyAsync(session, journal, DirectWrites, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var prepared = WriteManifests(session, journal.State, journalPath);
        journal.Append(new EndRecord(session.Record.SessionId));
        return prepared;
    }

    [GeneratedRegex("^[A-Za-z0-9_#-]{3,30}$")]
    private static partial Regex SessionIdPattern();

    private static void Validate(PrepareRequest request)
    {
        if (request.SessionId is null || !SessionIdPattern().IsMatch(request.SessionId))
        {
            throw new DrivePreparationException($"The session id '{request.SessionId}' must be 3 to 30 letters, digits, '_', '-' or '#'.");
        }

        if (request.BlockSize is < 512 or > MaxBlockSize)
        {
            throw new DrivePreparationException($"The block size {request.BlockSize} must be 512 bytes to 4 MiB.");
        }

        if (request.StorageAccountKey is not null && request.ContainerSas is not null)
        {
            throw new DrivePreparationException("Give a storage account key or a container SAS, not both.");
        }

        if (string.IsNullOrEmpty(request.JournalPath))
        {
            throw new DrivePreparationException("A journal file is required.");
        }

        foreach (var drive in request.Drives)
        {
            if (drive.DriveId is not null && !DriveIds.IsValid(drive.DriveId))
            {
                throw new DrivePreparationException($"The drive id '{drive.DriveId}' must be 1 to {DriveIds.MaxLength} letters, digits, '-' or '_'.");
            }

            if (drive.BitLockerKey is not null && !RecoveryPassword.IsWellFormed(drive.BitLockerKey))
            {
                throw new DrivePreparationException($"The BitLocker key given for the drive at '{drive.Root}' is not a recovery password (8 groups of 6 digits, each a multiple of 11).");
            }

            if (drive.Capacity is <= 0)
            {
                throw new DrivePreparationException($"The capacity of the drive at '{drive.Root}' must be positive.");
            }
        }
    }

    private static void EnsureOutsideDrives(string journalPath, IEnumerable<string> roots)
    {
        foreach (var root in roots)
        {
            if (IsInside(journalPath, Path.GetFullPath(root)))
            {
                throw new DrivePreparationException($"The journal '{journalPath}' is inside the drive '{root}'; keep it off the drives (it holds their keys).");
            }
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or below it (full paths).</summary>
    private static bool IsInside(string path, string directory)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var dir = Path.TrimEndingDirectorySeparator(directory);
        var candidate = Path.TrimEndingDirectorySeparator(path);
        return string.Equals(candidate, dir, comparison)
            || candidate.StartsWith(Path.EndsInDirectorySeparator(dir) ? dir : dir + Path.DirectorySeparatorChar, comparison);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
