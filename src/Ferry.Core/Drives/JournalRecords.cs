using System.Text.Json.Serialization;

namespace Ferry.Core.Drives;

/// <summary>
/// One line of a preparation journal (JSON, one record per line, <c>record</c> (its type) first). Session records (<c>side</c>,
/// <c>file</c>, <c>planned</c>, <c>done</c>, <c>end</c>) belong to the latest <c>session</c> record before them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "record")]
[JsonDerivedType(typeof(JournalHeader), "journal")]
[JsonDerivedType(typeof(CredentialRecord), "credential")]
[JsonDerivedType(typeof(DriveRecord), "drive")]
[JsonDerivedType(typeof(SessionRecord), "session")]
[JsonDerivedType(typeof(SideFileRecord), "side")]
[JsonDerivedType(typeof(FileRecord), "file")]
[JsonDerivedType(typeof(PlannedRecord), "planned")]
[JsonDerivedType(typeof(DoneRecord), "done")]
[JsonDerivedType(typeof(EndRecord), "end")]
internal abstract record JournalRecord;

/// <summary>The first line: what the file is.</summary>
internal sealed record JournalHeader(string Format, int Version) : JournalRecord
{
    public const string FerryFormat = "ferry-prepare-journal";
    public const int CurrentVersion = 1;
}

/// <summary>The storage credential recorded in every manifest of the journal (one of the two).</summary>
internal sealed record CredentialRecord(string? StorageAccountKey, string? ContainerSas) : JournalRecord;

/// <summary>A drive of the journal; a later record of the same id replaces the earlier (a new root or capacity).</summary>
internal sealed record DriveRecord(string DriveId, string Root, string BitLockerKey, long? Capacity) : JournalRecord;

/// <summary>A session starts: its dataset and its drives in order (the n of BlobList ids <c>session-n</c>).</summary>
internal sealed record SessionRecord(string SessionId, bool SkipWrite, int BlockSize, IReadOnlyList<DatasetEntry> Dataset, IReadOnlyList<string> DriveIds) : JournalRecord;

/// <summary>
/// A metadata or properties file of the session on one drive: copied to <see cref="FilePath"/>, or already there
/// (<see cref="InPlace"/>, skip-write), with the MD5 it had when planned.
/// </summary>
internal sealed record SideFileRecord(int Id, string Source, string DriveId, string FilePath, long Length, string Hash, bool InPlace) : JournalRecord;

/// <summary>A data file of the session and where it goes; <see cref="Metadata"/>/<see cref="Properties"/> are side file ids.</summary>
internal sealed record FileRecord(
    int Index, string Source, string DriveId, string FilePath, string BlobPath, BlobKind Kind, ImportDisposition Disposition, long Length, int? Metadata, int? Properties)
    : JournalRecord;

/// <summary>The plan is complete: copying may start.</summary>
internal sealed record PlannedRecord(int Files, int SideFiles) : JournalRecord;

/// <summary>A data file is on its drive (flushed) with this manifest entry.</summary>
internal sealed record DoneRecord(int Index, ManifestBlob Blob) : JournalRecord;

/// <summary>The session's manifests and drive-info files are written.</summary>
internal sealed record EndRecord(string SessionId) : JournalRecord;
