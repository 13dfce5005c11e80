namespace Ferry.Core.Drives;

/// <summary>Starting and resuming sessions: the journal's rules, the credential and the drives.</summary>
public sealed partial class DrivePreparer
{
    /// <summary>A drive of the session: its journal record, and what must be written before the copy starts.</summary>
    private sealed record DriveUse(DriveRecord Record, bool AppendRecord, bool WriteLabel);

    /// <summary>The session being copied and where its drives are now.</summary>
    private sealed record ActiveSession(JournalSession Journal, IReadOnlyDictionary<string, DriveRecord> Drives)
    {
        public SessionRecord Record => Journal.Record;

        public string RootOf(string driveId) => Drives[driveId].Root;
    }

    private static ActiveSession Start(PrepareRequest request, PrepareJournal journal)
    {
        var state = journal.State;
        if (state.Sessions.LastOrDefault(s => s.Planned && !s.Ended) is { } open)
        {
            throw new DrivePreparationException(open.Record.SessionId == request.SessionId
                ? $"Session {request.SessionId} was interrupted; continue it with --resume."
                : $"Session {open.Record.SessionId} was interrupted; finish it with --resume --session-id {open.Record.SessionId} before starting another.");
        }

        if (state.Sessions.Any(s => s.Planned && s.Record.SessionId == request.SessionId))
        {
            throw new DrivePreparationException($"The journal already holds the completed session {request.SessionId}; choose a new session id (use --resume only for an interrupted session).");
        }

        if (request.Dataset.Count == 0)
        {
            throw new DrivePreparationException("The dataset is empty: give at least one file or directory to copy.");
        }

        var credential = NewCredentialOrNull(request, state);
        var drives = ResolveDrives(request.Drives.Count > 0 ? request.Drives : state.Drives.Select(d => new PrepareDrive(d.Root)).ToList(), state);
        if (drives.Count == 0)
        {
            throw new DrivePreparationException("No drive given: name at least one drive folder.");
        }

        var plan = Plan(request, drives.Select(d => d.Record).ToList(), state);

        // Nothing is written before the plan holds. The credential and drives are durable before any label is written; the
        // session's plan is one group (a crash inside it leaves a session without its planned record, which is dropped).
        Commit(drives, journal, credential);
        journal.AppendAll([
            new SessionRecord(request.SessionId, request.SkipWrite, request.BlockSize, request.Dataset, drives.Select(d => d.Record.DriveId).ToList()),
            .. plan.SideFiles,
            .. plan.Files,
            new PlannedRecord(plan.Files.Count, plan.SideFiles.Count),
        ]);
        return new ActiveSession(state.Sessions[^1], drives.ToDictionary(d => d.Record.DriveId, d => d.Record, StringComparer.OrdinalIgnoreCase));
    }

    private static ActiveSession Resume(PrepareRequest request, PrepareJournal journal)
    {
        var state = journal.State;
        var session = state.Sessions.LastOrDefault(s => s.Planned && s.Record.SessionId == request.SessionId)
            ?? throw new DrivePreparationException($"The journal holds no session {request.SessionId} to resume; start it without --resume.");
        if (session.Ended)
        {
            throw new DrivePreparationException($"Session {request.SessionId} is complete; there is nothing to resume.");
        }

        if (request.Dataset.Count > 0 && !request.Dataset.SequenceEqual(session.Record.Dataset))
        {
            throw new DrivePreparationException($"The dataset differs from the one session {request.SessionId} started with; resume with the same dataset (or none).");
        }

        if (state.Credential is { } recorded
            && ((request.StorageAccountKey is not null && request.StorageAccountKey != recorded.StorageAccountKey)
                || (request.ContainerSas is not null && request.ContainerSas != recorded.ContainerSas)))
        {
            throw new DrivePreparationException("The journal records another storage credential; omit it when resuming.");
        }

        var given = ResolveDrives(request.Drives, state);
        if (given.FirstOrDefault(d => !session.Record.DriveIds.Contains(d.Record.DriveId, StringComparer.OrdinalIgnoreCase)) is { } stranger)
        {
            throw new DrivePreparationException($"The drive {stranger.Record.DriveId} at '{stranger.Record.Root}' is not one of session {request.SessionId}'s drives.");
        }

        var others = session.Record.DriveIds
            .Where(id => !given.Any(d => string.Equals(d.Record.DriveId, id, StringComparison.OrdinalIgnoreCase)))
            .Select(id => new PrepareDrive(state.DriveOrNull(id)!.Root))
            .ToList();
        var drives = given.Concat(ResolveDrives(others, state, given)).ToList();
        Commit(drives, journal);
        return new ActiveSession(session, drives.ToDictionary(d => d.Record.DriveId, d => d.Record, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The credential record a first session appends; null when the journal has one (which a given one must equal).</summary>
    private static CredentialRecord? NewCredentialOrNull(PrepareRequest request, JournalState state)
    {
        if (state.Credential is { } recorded)
        {
            var same = (request.StorageAccountKey is null || request.StorageAccountKey == recorded.StorageAccountKey)
                && (request.ContainerSas is null || request.ContainerSas == recorded.ContainerSas);
            return same
                ? null
                : throw new DrivePreparationException("The journal's first session recorded another storage credential; later sessions use it (omit the key or SAS).");
        }

        if (request.StorageAccountKey is null && request.ContainerSas is null)
        {
            throw new DrivePreparationException("The first session of a journal needs the storage account key or a container SAS.");
        }

        return new CredentialRecord(request.StorageAccountKey, request.ContainerSas);
    }

    /// <summary>
    /// Matches drive folders with the journal: a folder labelled with a journal drive is that drive (its root may have
    /// moved); a folder labelled by another journal needs that drive's id and a key that unlocks it; an unlabelled folder
    /// the journal knows lost its label (it is written again); any other folder is a new drive.
    /// </summary>
    private static List<DriveUse> ResolveDrives(IReadOnlyList<PrepareDrive> given, JournalState state, IReadOnlyList<DriveUse>? alreadyResolved = null)
    {
        var uses = new List<DriveUse>(alreadyResolved ?? []);
        var start = uses.Count;
        foreach (var drive in given)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(drive.Root));
            if (!Directory.Exists(root))
            {
                if (state.Drives.FirstOrDefault(d => SamePath(d.Root, root)) is { } known)
                {
                    throw new DrivePreparationException($"The folder '{root}' of drive {known.DriveId} does not exist (is the drive mounted?).");
                }

                if (File.Exists(root))
                {
                    throw new DrivePreparationException($"The drive folder '{root}' is a file.");
                }
            }

            if (uses.FirstOrDefault(u => IsInside(root, u.Record.Root) || IsInside(u.Record.Root, root)) is { } overlapping)
            {
                throw new DrivePreparationException($"The drive folders '{overlapping.Record.Root}' and '{root}' are the same or nested.");
            }

            var use = Resolve(drive, root, state);
            if (uses.Any(u => string.Equals(u.Record.DriveId, use.Record.DriveId, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DrivePreparationException($"The drive {use.Record.DriveId} is given twice.");
            }

            uses.Add(use);
        }

        return uses.GetRange(start, uses.Count - start);
    }

    private static DriveUse Resolve(PrepareDrive drive, string root, JournalState state)
    {
        if (DriveLabel.TryRead(root, out var label, out var problem))
        {
            if (state.DriveOrNull(label.DriveId) is { } known)
            {
                if (!label.Unlocks(known.BitLockerKey))
                {
                    throw new DrivePreparationException($"The folder '{root}' is labelled as drive {label.DriveId}, but the journal's key for that drive does not unlock it.");
                }

                CheckGiven(drive, known, root);
                var updated = known with { Root = root, Capacity = drive.Capacity ?? known.Capacity };
                return new DriveUse(updated, updated != known, WriteLabel: false);
            }

            if (drive.DriveId is null || drive.BitLockerKey is null)
            {
                throw new DrivePreparationException($"The folder '{root}' is already labelled as drive {label.DriveId} by another journal; give its drive id and BitLocker key to use it.");
            }

            if (!string.Equals(drive.DriveId, label.DriveId, StringComparison.OrdinalIgnoreCase) || !label.Unlocks(drive.BitLockerKey))
            {
                throw new DrivePreparationException($"The folder '{root}' is labelled as drive {label.DriveId}; the drive id or BitLocker key given does not match it.");
            }

            return new DriveUse(new DriveRecord(label.DriveId, root, drive.BitLockerKey, drive.Capacity), AppendRecord: true, WriteLabel: false);
        }

        if (File.Exists(Path.Join(root, DriveLabel.FileName)) || Directory.Exists(Path.Join(root, DriveLabel.FileName)))
        {
            throw new DrivePreparationException($"The folder '{root}' has a {DriveLabel.FileName} that cannot be used: {problem.Message}");
        }

        if (state.Drives.FirstOrDefault(d => SamePath(d.Root, root)) is { } lost)
        {
            // The journal recorded the drive but its label was never written (or was removed): write it again.
            CheckGiven(drive, lost, root);
            var updated = lost with { Capacity = drive.Capacity ?? lost.Capacity };
            return new DriveUse(updated, updated != lost, WriteLabel: true);
        }

        var id = drive.DriveId ?? DriveIds.Generate();
        if (state.DriveOrNull(id) is { } other)
        {
            throw new DrivePreparationException($"The journal already has a drive {id} (at '{other.Root}'), but '{root}' carries no label of it.");
        }

        return new DriveUse(new DriveRecord(id, root, drive.BitLockerKey ?? RecoveryPassword.Generate(), drive.Capacity), AppendRecord: true, WriteLabel: true);
    }

    private static void CheckGiven(PrepareDrive drive, DriveRecord known, string root)
    {
        if (drive.DriveId is not null && !string.Equals(drive.DriveId, known.DriveId, StringComparison.OrdinalIgnoreCase))
        {
            throw new DrivePreparationException($"The folder '{root}' is the journal's drive {known.DriveId}, not {drive.DriveId}.");
        }

        if (drive.BitLockerKey is not null && drive.BitLockerKey != known.BitLockerKey)
        {
            throw new DrivePreparationException($"The BitLocker key given for '{root}' is not the journal's key of drive {known.DriveId}.");
        }
    }

    /// <summary>Records new or moved drives (and a first credential) in one group, then writes missing labels (journal first: a lost label can be rewritten from it).</summary>
    private static void Commit(IReadOnlyList<DriveUse> drives, PrepareJournal journal, CredentialRecord? credential = null)
    {
        var records = new List<JournalRecord>();
        if (credential is not null)
        {
            records.Add(credential);
        }

        records.AddRange(drives.Where(d => d.AppendRecord).Select(d => d.Record));
        journal.AppendAll(records);
        foreach (var drive in drives.Where(d => d.WriteLabel))
        {
            // A new drive's folder is created here, once the plan holds: a refused preparation leaves nothing behind.
            Directory.CreateDirectory(drive.Record.Root);
            DriveLabel.Create(drive.Record.DriveId, drive.Record.BitLockerKey, drive.Record.Capacity).Write(drive.Record.Root);
        }
    }
}
