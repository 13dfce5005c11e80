namespace Ferry.Core.Drives;

/// <summary>How far a session of <see cref="DrivePreparer"/> is, reported after every block and every file.</summary>
/// <param name="BytesDone">Bytes of data files copied (or hashed) so far, files completed before a resume included.</param>
/// <param name="BytesTotal">Bytes of all the session's data files.</param>
/// <param name="FilesDone">Data files completed and recorded in the journal.</param>
/// <param name="FilesTotal">Data files of the session.</param>
/// <param name="CurrentFile">The source file being (or just) copied; null before the first and after the last.</param>
public sealed record PrepareProgress(long BytesDone, long BytesTotal, int FilesDone, int FilesTotal, string? CurrentFile);
