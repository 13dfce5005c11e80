namespace Ferry.Core.Drives;

/// <summary>What a preparation journal says, rebuilt from its records in order.</summary>
internal sealed class JournalState
{
    private readonly List<DriveRecord> _drives = [];
    private readonly List<JournalSession> _sessions = [];

    public CredentialRecord? Credential { get; private set; }

    /// <summary>The drives in the order they joined the journal, each with its latest record.</summary>
    public IReadOnlyList<DriveRecord> Drives => _drives;

    /// <summary>The sessions in order; only the last may be unplanned (it is dropped when another session starts).</summary>
    public IReadOnlyList<JournalSession> Sessions => _sessions;

    public DriveRecord? DriveOrNull(string driveId) => _drives.Find(d => string.Equals(d.DriveId, driveId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Applies one record; false when it cannot follow the records before it.</summary>
    public bool Apply(JournalRecord record)
    {
        var current = _sessions.Count > 0 ? _sessions[^1] : null;
        switch (record)
        {
            case CredentialRecord credential:
                Credential = credential;
                return true;
            case DriveRecord drive:
                var index = _drives.FindIndex(d => string.Equals(d.DriveId, drive.DriveId, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    _drives[index] = drive;
                }
                else
                {
                    _drives.Add(drive);
                }

                return true;
            case SessionRecord session:
                if (current is { Planned: false })
                {
                    _sessions.RemoveAt(_sessions.Count - 1);
                }

                _sessions.Add(new JournalSession(session));
                return true;
            case SideFileRecord side when current is { Planned: false } && side.Id == current.SideFiles.Count:
                current.SideFiles.Add(side);
                return true;
            case FileRecord file when current is { Planned: false } && file.Index == current.Files.Count:
                current.Files.Add(file);
                return true;
            case PlannedRecord planned when current is { Planned: false } && planned.Files == current.Files.Count && planned.SideFiles == current.SideFiles.Count:
                current.Planned = true;
                return true;
            case DoneRecord done when current is { Planned: true, Ended: false } && done.Index >= 0 && done.Index < current.Files.Count:
                current.Done[done.Index] = done.Blob;
                return true;
            case EndRecord end when current is { Planned: true, Ended: false } && end.SessionId == current.Record.SessionId:
                current.Ended = true;
                return true;
            default:
                return false;
        }
    }
}

/// <summary>One session of a journal: its plan, the files done, and whether it ended.</summary>
internal sealed class JournalSession(SessionRecord record)
{
    public SessionRecord Record { get; } = record;

    public List<SideFileRecord> SideFiles { get; } = [];

    public List<FileRecord> Files { get; } = [];

    public bool Planned { get; set; }

    public Dictionary<int, ManifestBlob> Done { get; } = [];

    public bool Ended { get; set; }
}
