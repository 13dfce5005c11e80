using System.Text.RegularExpressions;
using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Persistence;
using Ferry.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Jobs;

/// <summary>
/// Every job rule the surfaces share: creation and replacement, which member may change in which state, the
/// state changes customers may ask for, cancel and delete windows, limits, the 2-week clock, and optimistic
/// concurrency. Each write reads the job, checks the caller's condition and the rules, and writes guarded by the
/// job's last-modified instant, retrying from the read when another writer got there first.
/// </summary>
public sealed partial class JobService(
    IJobStore store,
    ISecretProtector secrets,
    IOptions<JobRulesOptions> options,
    TimeProvider time,
    ILogger<JobService> logger)
{
    private const int MaxAttempts = 16;
    private readonly JobRulesOptions _rules = options.Value;

    /// <summary>The default diagnostics path for logs and manifest backups.</summary>
    public const string DefaultDiagnosticsPath = "waimportexport";

    /// <summary>The job, or null when it does not exist, is past a deadline, or belongs to another account.</summary>
    public async Task<Job?> GetOrNullAsync(JobKey key, CancellationToken cancellationToken)
    {
        var job = await store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroupKey, key.NameKey, cancellationToken);
        return job is null || !key.AccountMatches(job) || Cutoffs().IsExpired(job) ? null : job;
    }

    /// <summary>The job if it exists and meets <paramref name="condition"/>: else 404 or 412.</summary>
    public async Task<Result<Job>> GetAsync(JobKey key, JobCondition condition, CancellationToken cancellationToken)
    {
        var job = await GetOrNullAsync(key, cancellationToken);
        if (job is null)
        {
            return NotFound(key);
        }

        return condition.IsMetBy(job) ? job : FerryErrors.ConditionNotMet("The job does not meet the request's conditions.");
    }

    /// <summary>
    /// Creates the job, or replaces an existing Creating job of the same account. Checks run in the classic
    /// order: an existing job that cannot be replaced (409), the condition (412), then <paramref name="parse"/>
    /// (its 400), then the shared rules (400) and the active-job limit (409).
    /// </summary>
    public async Task<Result<PutOutcome>> PutAsync(JobKey key, JobCondition condition, Func<Result<CreateJob>> parse, CancellationToken cancellationToken)
    {
        Result<CreateJob>? parsed = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var cutoffs = Cutoffs(now);
            var existing = await store.FindJobOrNullAsync(key.Surface, key.SubscriptionId, key.ResourceGroupKey, key.NameKey, cancellationToken);
            if (existing is not null && cutoffs.IsExpired(existing))
            {
                await store.DeleteJobAsync(existing, existing.LastModifiedAt, [JobChangeLog.Deleted(existing, Actor.Sweeper, AuditAction.Expire, "past its deadline", now)], cancellationToken);
                continue;
            }

            if (existing is not null && !JobTransitions.CanReplace(existing.State))
            {
                return FerryErrors.StateConflict($"Job '{existing.Name}' is in state {existing.State}; its name can be reused only after it is deleted.");
            }

            if (existing is not null && !key.AccountMatches(existing))
            {
                return FerryErrors.StateConflict($"Job name '{existing.Name}' is held by a job of another storage account.");
            }

            if (!condition.IsMetBy(existing))
            {
                return FerryErrors.ConditionNotMet(existing is null ? "The job does not exist." : "The job does not meet the request's conditions.");
            }

            parsed ??= parse();
            if (parsed.Value.Error is { } parseError)
            {
                return parseError;
            }

            var request = parsed.Value.Value!;
            if (Validate(key, request) is { } invalid)
            {
                return invalid;
            }

            if (existing is null)
            {
                var job = NewJob(key, request, now);
                var created = new JobChangeLog(job, Actor.Customer(key.SubscriptionId), now);
                created.Created(AuditAction.Create);
                switch (await store.InsertJobAsync(job, _rules.MaxActiveJobsPerSubscription, cutoffs, created.Entries, cancellationToken))
                {
                    case InsertOutcome.Inserted:
                        LogCreated(job.Name, job.SubscriptionId, job.Type);
                        return new PutOutcome(job, Replaced: false);
                    case InsertOutcome.LimitReached:
                        return new FerryError(FerryErrors.QuotaExceeded, $"The subscription already has {_rules.MaxActiveJobsPerSubscription} active jobs, the most allowed.");
                    default:
                        continue;
                }
            }

            var expected = existing.LastModifiedAt;
            var replacement = NewJob(key, request, now);
            replacement.Id = existing.Id;
            replacement.CreatedAt = existing.CreatedAt;
            if (key.Surface == ApiSurface.Arm)
            {
                // ARM names are returned as spelled at creation, whatever the spelling of the replacing request.
                replacement.Name = existing.Name;
                replacement.ResourceGroup = existing.ResourceGroup;
            }

            replacement.LastModifiedAt = JobETag.Next(now, expected);
            var replaced = new JobChangeLog(replacement, Actor.Customer(key.SubscriptionId), now);
            replaced.Note(AuditAction.Replace);
            if (await store.UpdateJobAsync(replacement, expected, replaced.Entries, cancellationToken))
            {
                return new PutOutcome(replacement, Replaced: true);
            }
        }

        return Contention();
    }

    /// <summary>
    /// Applies an update: 404, then the condition (412), then <paramref name="parse"/> (400), then the state
    /// windows (409) and requirements (400). While the job is Creating, success restarts the 2-week clock.
    /// </summary>
    public async Task<Result<Job>> UpdateAsync(JobKey key, JobCondition condition, Func<Result<JobUpdate>> parse, CancellationToken cancellationToken)
    {
        Result<JobUpdate>? parsed = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var job = await GetOrNullAsync(key, cancellationToken);
            if (job is null)
            {
                return NotFound(key);
            }

            if (!condition.IsMetBy(job))
            {
                return FerryErrors.ConditionNotMet("The job does not meet the request's conditions.");
            }

            parsed ??= parse();
            if (parsed.Value.Error is { } parseError)
            {
                return parseError;
            }

            var expected = job.LastModifiedAt;
            var log = new JobChangeLog(job, Actor.Customer(key.SubscriptionId), time.GetUtcNow());
            if (Apply(job, parsed.Value.Value!, log) is { } refused)
            {
                return refused;
            }

            if (await store.UpdateJobAsync(job, expected, log.Entries, cancellationToken))
            {
                return job;
            }
        }

        return Contention();
    }

    /// <summary>Deletes the job: 404, then the condition (412), then the delete window (409, docs/decisions.md D10).</summary>
    public async Task<Result<bool>> DeleteAsync(JobKey key, JobCondition condition, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var job = await GetOrNullAsync(key, cancellationToken);
            if (job is null)
            {
                return NotFound(key);
            }

            if (!condition.IsMetBy(job))
            {
                return FerryErrors.ConditionNotMet("The job does not meet the request's conditions.");
            }

            if (!JobTransitions.CanDelete(job.State))
            {
                return FerryErrors.StateConflict($"Job '{job.Name}' is in state {job.State}; it can be deleted only in Creating, Completed or Closed.");
            }

            var deleted = JobChangeLog.Deleted(job, Actor.Customer(key.SubscriptionId), AuditAction.Delete, null, time.GetUtcNow());
            if (await store.DeleteJobAsync(job, job.LastModifiedAt, [deleted], cancellationToken))
            {
                LogDeleted(job.Name, job.SubscriptionId);
                return true;
            }
        }

        return Contention();
    }

    /// <summary>One page of unexpired jobs.</summary>
    public Task<JobListPage> ListAsync(JobListQuery query, CancellationToken cancellationToken) =>
        store.ListJobsAsync(query, Cutoffs(), cancellationToken);

    /// <summary>The storage accounts that have at least one unexpired job on the surface.</summary>
    public Task<IReadOnlyList<string>> ListStorageAccountsAsync(ApiSurface surface, string subscriptionId, CancellationToken cancellationToken) =>
        store.ListStorageAccountsAsync(surface, subscriptionId, Cutoffs(), cancellationToken);

    /// <summary>
    /// The BitLocker key a customer may see (docs/decisions.md D18): an import drive's key as supplied; an export drive's key only
    /// once the drive was shipped back; otherwise null.
    /// </summary>
    public string? RevealBitLockerKey(Job job, Drive drive)
    {
        if (drive.ProtectedBitLockerKey is null || (job.Type == JobType.Export && drive.State != DriveState.ShippedBack))
        {
            return null;
        }

        return secrets.Unprotect(drive.ProtectedBitLockerKey);
    }

    private ExpiryCutoffs Cutoffs() => Cutoffs(time.GetUtcNow());

    private ExpiryCutoffs Cutoffs(DateTimeOffset now) => ExpiryCutoffs.At(now, _rules);

    private static FerryError NotFound(JobKey key) => key.Surface == ApiSurface.Arm
        ? FerryErrors.ArmJobNotFound(key.Name, key.ResourceGroup)
        : FerryErrors.JobNotFound(key.Name, key.StorageAccountName ?? key.ResourceGroup);

    private static FerryError Contention() =>
        FerryErrors.StateConflict("The job changed concurrently too many times; retry the request.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex JobName();

    private FerryError? Validate(JobKey key, CreateJob request)
    {
        if (!JobName().IsMatch(key.Name))
        {
            return FerryErrors.Invalid("Name", $"Job name '{key.Name}' is invalid: use 2 to 64 letters, digits, '_' or '-', starting with a letter.");
        }

        if (key.Surface == ApiSurface.Classic && (request.Credential?.AccountKey is null) == (request.Credential?.ContainerSas is null))
        {
            return FerryErrors.Invalid("StorageAccountKey", "Exactly one of the storage account key and the container SAS must be given.");
        }

        if (request.Type == JobType.Import && request.Export is not null)
        {
            return FerryErrors.Invalid("Export", "An import job takes no export selection.");
        }

        if (ValidateDrives(request.Type, request.Drives) is { } invalidDrives)
        {
            return invalidDrives;
        }

        return request.Type == JobType.Export && request.Export is null
            ? FerryErrors.Invalid("Export", "An export job needs an export selection.")
            : null;
    }

    /// <summary>The drive-list rules of both creation and replacement: 1 to the limit, unique ids, none on export.</summary>
    private FerryError? ValidateDrives(JobType type, IReadOnlyList<DriveSpec> drives)
    {
        if (type == JobType.Export)
        {
            return drives.Count > 0 ? FerryErrors.Invalid("DriveList", "An export job takes no drives: they are recorded when they arrive.") : null;
        }

        if (drives.Count == 0 || drives.Count > _rules.MaxDrivesPerJob)
        {
            return FerryErrors.Invalid("DriveList", $"An import job needs 1 to {_rules.MaxDrivesPerJob} drives; {drives.Count} were given.");
        }

        var duplicate = drives.GroupBy(d => d.DriveId, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : FerryErrors.Invalid("DriveList", $"Drive '{duplicate.Key}' is listed more than once.");
    }

    private Job NewJob(JobKey key, CreateJob request, DateTimeOffset now) => new()
    {
        Surface = key.Surface,
        SubscriptionId = key.SubscriptionId,
        ResourceGroup = key.ResourceGroup,
        ResourceGroupKey = key.ResourceGroupKey,
        StorageAccountId = request.StorageAccountId,
        Tags = request.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags, StringComparer.Ordinal) : null,
        EncryptionKey = request.EncryptionKey,
        Name = key.Name,
        NameKey = key.NameKey,
        StorageAccountName = request.StorageAccountName.ToLowerInvariant(),
        Type = request.Type,
        Location = request.Location,
        State = JobState.Creating,
        FriendlyName = request.FriendlyName,
        Description = request.Description,
        Metadata = request.Metadata,
        ReturnAddress = request.ReturnAddress,
        ReturnShipping = request.ReturnShipping,
        DeliveryPackage = request.DeliveryPackage,
        DiagnosticsPath = request.DiagnosticsPath ?? DefaultDiagnosticsPath,
        EnableVerboseLog = request.EnableVerboseLog ?? false,
        BackupDriveManifest = request.BackupDriveManifest ?? false,
        Export = request.Export,
        ProtectedAccountKey = request.Credential?.AccountKey is { } k ? secrets.Protect(k) : null,
        ProtectedContainerSas = request.Credential?.ContainerSas is { } s ? secrets.Protect(s) : null,
        CreatedAt = now,
        LastModifiedAt = now,
        LastTouchedAt = now,
        StateChangedAt = now,
        Drives = NewDrives(request.Drives, now),
    };

    private List<Drive> NewDrives(IReadOnlyList<DriveSpec> specs, DateTimeOffset now) =>
        [.. specs.Select((d, i) => new Drive
        {
            Ordinal = i,
            DriveId = d.DriveId,
            ProtectedBitLockerKey = secrets.Protect(d.BitLockerKey),
            ManifestFile = d.ManifestFile,
            ManifestHash = d.ManifestHash,
            DriveHeaderHash = d.DriveHeaderHash,
            State = DriveState.Specified,
            StateChangedAt = now,
        })];

    private FerryError? Apply(Job job, JobUpdate update, JobChangeLog log)
    {
        if (update.SameValueIsNoChange)
        {
            update = WithoutUnchanged(job, update);
        }

        var state = job.State;
        if (update.Drives is not null && !JobTransitions.CanChange(JobMember.DriveList, state))
        {
            return Window("the drive list", state);
        }

        if (update.RequestShipping && !JobTransitions.CanChange(JobMember.ShippingRequest, state))
        {
            return FerryErrors.StateConflict($"Job '{job.Name}' is in state {state}; only a Creating job can move to Shipping.");
        }

        if (update.RequestShipping && (job.CancelRequested || update.RequestCancel))
        {
            return FerryErrors.StateConflict($"Job '{job.Name}' was cancelled; it cannot move to Shipping.");
        }

        if ((update.ReturnAddress ?? (object?)update.ReturnShipping) is not null && !JobTransitions.CanChange(JobMember.ReturnDetails, state))
        {
            return Window("the return address and return shipping", state);
        }

        if ((update.EnableVerboseLog ?? update.BackupDriveManifest) is not null && !JobTransitions.CanChange(JobMember.LogOptions, state))
        {
            return Window("the logging options", state);
        }

        if (update.DeliveryPackage is not null && !JobTransitions.CanChange(JobMember.DeliveryPackage, state))
        {
            return Window("the delivery package", state);
        }

        if (update.RequestCancel && !JobTransitions.CanChange(JobMember.CancelRequest, state))
        {
            return FerryErrors.StateConflict($"Job '{job.Name}' is in state {state}; it can be cancelled only in Creating, Shipping, Received or Transferring.");
        }

        if (update.RequestShipping && (update.ReturnAddress ?? job.ReturnAddress) is null)
        {
            return FerryErrors.Invalid("ReturnAddress", "A job moves to Shipping only once its return address is set.");
        }

        if (update.RequestShipping && (update.DeliveryPackage ?? job.DeliveryPackage) is null)
        {
            return FerryErrors.Invalid("DeliveryPackage", "A job moves to Shipping only once its delivery package is set.");
        }

        if (update.Drives is { } drives && ValidateDrives(job.Type, drives) is { } invalidDrives)
        {
            return invalidDrives;
        }

        var now = log.Now;
        job.FriendlyName = update.FriendlyName ?? job.FriendlyName;
        job.Description = update.Description ?? job.Description;
        job.Metadata = update.Metadata ?? job.Metadata;
        if (update.Tags is { } tags)
        {
            job.Tags = tags.Count == 0 ? null : new Dictionary<string, string>(tags, StringComparer.Ordinal);
        }

        job.ReturnAddress = update.ReturnAddress ?? job.ReturnAddress;
        job.ReturnShipping = update.ReturnShipping ?? job.ReturnShipping;
        job.DeliveryPackage = update.DeliveryPackage ?? job.DeliveryPackage;
        job.EnableVerboseLog = update.EnableVerboseLog ?? job.EnableVerboseLog;
        job.BackupDriveManifest = update.BackupDriveManifest ?? job.BackupDriveManifest;
        if (update.Drives is { } replacement)
        {
            job.Drives = NewDrives(replacement, now);
        }

        if (update.RequestCancel && !job.CancelRequested)
        {
            job.CancelRequested = true;
            log.Note(AuditAction.Cancel, reason: "cancel requested");
            JobProgression.Settle(job, log);
        }

        if (update.RequestShipping)
        {
            log.MoveJob(JobState.Shipping, AuditAction.Ship, "shipping details received");
            job.ShippingAt = now;
        }

        if (state == JobState.Creating)
        {
            job.LastTouchedAt = now;
        }

        job.LastModifiedAt = JobETag.Next(now, job.LastModifiedAt);
        return null;
    }

    /// <summary>
    /// <paramref name="update"/> without the members that would not change <paramref name="job"/>, so that they pass the
    /// state windows (docs/arm-api.md §3.6). Values compare exactly (ordinal text, the whole object, the whole list in order).
    /// </summary>
    private JobUpdate WithoutUnchanged(Job job, JobUpdate update) => update with
    {
        RequestShipping = update.RequestShipping && job.State != JobState.Shipping,
        RequestCancel = update.RequestCancel && !job.CancelRequested,
        ReturnAddress = update.ReturnAddress == job.ReturnAddress ? null : update.ReturnAddress,
        ReturnShipping = update.ReturnShipping == job.ReturnShipping ? null : update.ReturnShipping,
        DeliveryPackage = update.DeliveryPackage == job.DeliveryPackage ? null : update.DeliveryPackage,
        EnableVerboseLog = update.EnableVerboseLog == job.EnableVerboseLog ? null : update.EnableVerboseLog,
        BackupDriveManifest = update.BackupDriveManifest == job.BackupDriveManifest ? null : update.BackupDriveManifest,
        Tags = update.Tags is { } tags && SameTags(tags, job.Tags) ? null : update.Tags,
        Drives = update.Drives is { } drives && SameDrives(drives, job.Drives) ? null : update.Drives,
    };

    private static bool SameTags(IReadOnlyDictionary<string, string> tags, Dictionary<string, string>? stored) =>
        tags.Count == (stored?.Count ?? 0)
        && tags.All(t => stored!.TryGetValue(t.Key, out var value) && string.Equals(value, t.Value, StringComparison.Ordinal));

    private bool SameDrives(IReadOnlyList<DriveSpec> drives, List<Drive> stored)
    {
        var ordered = stored.OrderBy(d => d.Ordinal).ToList();
        return drives.Count == ordered.Count && drives.Zip(ordered).All(pair =>
            string.Equals(pair.First.DriveId, pair.Second.DriveId, StringComparison.Ordinal)
            && string.Equals(pair.First.ManifestFile, pair.Second.ManifestFile, StringComparison.Ordinal)
            && string.Equals(pair.First.ManifestHash, pair.Second.ManifestHash, StringComparison.Ordinal)
            && string.Equals(pair.First.DriveHeaderHash, pair.Second.DriveHeaderHash, StringComparison.Ordinal)
            && pair.Second.ProtectedBitLockerKey is { } key
            && string.Equals(pair.First.BitLockerKey, secrets.Unprotect(key), StringComparison.Ordinal));
    }

    private static FerryError Window(string member, JobState state) =>
        FerryErrors.StateConflict($"{char.ToUpperInvariant(member[0])}{member[1..]} cannot change while the job is in state {state}.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Created job {JobName} ({JobType}) for subscription {SubscriptionId}")]
    private partial void LogCreated(string jobName, string subscriptionId, JobType jobType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted job {JobName} of subscription {SubscriptionId}")]
    private partial void LogDeleted(string jobName, string subscriptionId);
}
