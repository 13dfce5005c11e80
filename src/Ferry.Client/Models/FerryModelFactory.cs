namespace Ferry.Client.Models;

/// <summary>Builds output-only models, and models with output-only members, for tests and mocks.</summary>
public static class FerryModelFactory
{
    /// <summary>Creates job properties as the service would return them.</summary>
    /// <param name="location">The location name.</param>
    /// <param name="type">The job type, <c>Import</c> or <c>Export</c>.</param>
    /// <param name="state">The job state.</param>
    /// <param name="cancelRequested">Whether cancellation was requested.</param>
    /// <param name="percentComplete">The transfer progress, if reported.</param>
    /// <param name="shippingInformation">Where drives are shipped.</param>
    /// <param name="deliveryPackage">The customer's package, if set.</param>
    /// <param name="returnPackage">The return package, if shipped.</param>
    /// <param name="incompleteBlobListUri">The incomplete-blob list, if any.</param>
    /// <returns>The properties.</returns>
    public static JobProperties JobProperties(
        string? location = null,
        string? type = null,
        string? state = null,
        bool? cancelRequested = null,
        int? percentComplete = null,
        ShippingInformation? shippingInformation = null,
        PackageInfo? deliveryPackage = null,
        PackageInfo? returnPackage = null,
        string? incompleteBlobListUri = null) => new()
        {
            Location = location,
            Type = type,
            State = state,
            CancelRequested = cancelRequested,
            PercentComplete = percentComplete,
            ShippingInformation = shippingInformation,
            DeliveryPackage = deliveryPackage,
            ReturnPackage = returnPackage,
            IncompleteBlobListUri = incompleteBlobListUri,
        };

    /// <summary>Creates shipping information.</summary>
    /// <param name="name">The recipient name.</param>
    /// <param name="address">The address, parts joined with <c>;</c>.</param>
    /// <returns>The shipping information.</returns>
    public static ShippingInformation ShippingInformation(string? name = null, string? address = null) => new(name, address);

    /// <summary>Creates a drive with its service-reported status.</summary>
    /// <param name="driveId">The drive serial number.</param>
    /// <param name="state">The drive state.</param>
    /// <param name="copyStatus">The copy status.</param>
    /// <param name="percentComplete">The copy progress.</param>
    /// <param name="bitLockerKey">The BitLocker recovery password.</param>
    /// <param name="manifestFile">The manifest path on the drive.</param>
    /// <param name="manifestHash">The manifest hash.</param>
    /// <param name="verboseLogUri">The verbose log blob.</param>
    /// <param name="errorLogUri">The error log blob.</param>
    /// <param name="manifestUri">The manifest backup blob.</param>
    /// <returns>The drive.</returns>
    public static JobDrive JobDrive(
        string driveId,
        string? state = null,
        string? copyStatus = null,
        int? percentComplete = null,
        string? bitLockerKey = null,
        string? manifestFile = null,
        string? manifestHash = null,
        string? verboseLogUri = null,
        string? errorLogUri = null,
        string? manifestUri = null) => new(driveId, bitLockerKey, manifestFile, manifestHash)
        {
            State = state,
            CopyStatus = copyStatus,
            PercentComplete = percentComplete,
            VerboseLogUri = verboseLogUri,
            ErrorLogUri = errorLogUri,
            ManifestUri = manifestUri,
        };

    /// <summary>Creates a location.</summary>
    /// <param name="name">The location name.</param>
    /// <param name="recipientName">The recipient name.</param>
    /// <param name="streetAddress1">The first street line.</param>
    /// <param name="streetAddress2">The second street line.</param>
    /// <param name="city">The city.</param>
    /// <param name="stateOrProvince">The state or province.</param>
    /// <param name="postalCode">The postal code.</param>
    /// <param name="countryOrRegion">The country or region.</param>
    /// <param name="supportedCarriers">The accepted carriers.</param>
    /// <returns>The location.</returns>
    public static Location Location(
        string name,
        string? recipientName = null,
        string? streetAddress1 = null,
        string? streetAddress2 = null,
        string? city = null,
        string? stateOrProvince = null,
        string? postalCode = null,
        string? countryOrRegion = null,
        IEnumerable<string>? supportedCarriers = null) =>
        new(name, recipientName, streetAddress1, streetAddress2, city, stateOrProvince, postalCode, countryOrRegion, supportedCarriers?.ToList());

    /// <summary>Creates an operator job view.</summary>
    /// <param name="subscriptionId">The owning subscription.</param>
    /// <param name="name">The job name.</param>
    /// <param name="type">The job type.</param>
    /// <param name="state">The job state.</param>
    /// <param name="surface">The surface that created the job.</param>
    /// <param name="resourceGroup">The resource group of an ARM job.</param>
    /// <param name="cancelRequested">Whether cancellation was requested.</param>
    /// <param name="storageAccountName">The storage account.</param>
    /// <param name="location">The location.</param>
    /// <param name="percentComplete">The transfer progress.</param>
    /// <param name="createdAt">When the job was created.</param>
    /// <param name="stateChangedAt">When the job last changed state.</param>
    /// <param name="shippingAt">When the drives were shipped.</param>
    /// <param name="etag">The entity tag.</param>
    /// <param name="deliveryPackage">The customer's package.</param>
    /// <param name="returnPackage">The return package.</param>
    /// <param name="extraDrives">Unexpected drives of the package; <see langword="null"/> for none.</param>
    /// <param name="drives">The drives; <see langword="null"/> for none.</param>
    /// <returns>The job view.</returns>
    public static OperatorJob OperatorJob(
        string subscriptionId,
        string name,
        JobType type = Models.JobType.Import,
        JobState state = Models.JobState.Creating,
        JobSurface surface = JobSurface.Classic,
        string? resourceGroup = null,
        bool cancelRequested = false,
        string? storageAccountName = null,
        string? location = null,
        int? percentComplete = null,
        DateTimeOffset createdAt = default,
        DateTimeOffset stateChangedAt = default,
        DateTimeOffset? shippingAt = null,
        Azure.ETag? etag = null,
        OperatorPackage? deliveryPackage = null,
        OperatorPackage? returnPackage = null,
        IEnumerable<string>? extraDrives = null,
        IEnumerable<OperatorDrive>? drives = null) => new()
        {
            SubscriptionId = subscriptionId,
            Name = name,
            Type = type,
            State = state,
            Surface = surface,
            ResourceGroup = resourceGroup,
            CancelRequested = cancelRequested,
            StorageAccountName = storageAccountName,
            Location = location,
            PercentComplete = percentComplete,
            CreatedAt = createdAt,
            StateChangedAt = stateChangedAt,
            ShippingAt = shippingAt,
            ETag = etag,
            DeliveryPackage = deliveryPackage,
            ReturnPackage = returnPackage,
            ExtraDrives = extraDrives?.ToList() ?? [],
            Drives = drives?.ToList() ?? [],
        };

    /// <summary>Creates an operator drive view.</summary>
    /// <param name="driveId">The drive serial number.</param>
    /// <param name="state">The drive state.</param>
    /// <param name="copyStatus">The copy status.</param>
    /// <param name="percentComplete">The copy progress.</param>
    /// <param name="bytesSucceeded">Bytes copied.</param>
    /// <param name="contentPath">Where the content is on the server host.</param>
    /// <param name="stateChangedAt">When the drive last changed state.</param>
    /// <returns>The drive view.</returns>
    public static OperatorDrive OperatorDrive(
        string driveId,
        DriveState state = Models.DriveState.Specified,
        CopyStatus? copyStatus = null,
        int? percentComplete = null,
        long bytesSucceeded = 0,
        string? contentPath = null,
        DateTimeOffset stateChangedAt = default) => new()
        {
            DriveId = driveId,
            State = state,
            CopyStatus = copyStatus,
            PercentComplete = percentComplete,
            BytesSucceeded = bytesSucceeded,
            ContentPath = contentPath,
            StateChangedAt = stateChangedAt,
        };

    /// <summary>Creates an audit entry.</summary>
    /// <param name="sequence">The position in the history.</param>
    /// <param name="at">When the change happened.</param>
    /// <param name="actorKind">Who made it.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="action">What was done.</param>
    /// <param name="driveId">The drive, for drive entries.</param>
    /// <param name="oldState">The state before.</param>
    /// <param name="newState">The state after.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The entry.</returns>
    public static AuditEntry AuditEntry(
        long sequence,
        DateTimeOffset at,
        AuditActorKind actorKind,
        string actor,
        AuditAction action,
        string? driveId = null,
        string? oldState = null,
        string? newState = null,
        string? reason = null) => new()
        {
            Sequence = sequence,
            At = at,
            ActorKind = actorKind,
            Actor = actor,
            Action = action,
            DriveId = driveId,
            OldState = oldState,
            NewState = newState,
            Reason = reason,
        };

    /// <summary>Creates emulation settings.</summary>
    /// <param name="enabled">Whether the emulator runs.</param>
    /// <param name="progression">How jobs move forward.</param>
    /// <param name="stepDelay">The wait between steps.</param>
    /// <param name="driveBay">The drive bay folder.</param>
    /// <param name="neverReceivedAfter">The never-received deadline.</param>
    /// <returns>The settings.</returns>
    public static EmulationSettings EmulationSettings(
        bool enabled = true,
        EmulationProgression progression = EmulationProgression.Immediate,
        TimeSpan? stepDelay = null,
        string? driveBay = null,
        TimeSpan? neverReceivedAfter = null) => new()
        {
            Enabled = enabled,
            Progression = progression,
            StepDelay = stepDelay,
            DriveBay = driveBay,
            NeverReceivedAfter = neverReceivedAfter,
        };

    /// <summary>Creates a webhook.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="url">The receiver URL.</param>
    /// <param name="createdAt">When it was added.</param>
    /// <param name="secret">The secret, as in a creation response only.</param>
    /// <returns>The webhook.</returns>
    public static Webhook Webhook(string id, Uri url, DateTimeOffset createdAt = default, string? secret = null) =>
        new() { Id = id, Url = url, CreatedAt = createdAt, Secret = secret };

    /// <summary>Creates a registered management certificate as the operator surface lists it.</summary>
    /// <param name="subscriptionId">The subscription it is registered to.</param>
    /// <param name="thumbprint">The SHA-1 thumbprint.</param>
    /// <param name="notAfter">When it expires.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="subscriptionEnabled">Whether the subscription is enabled.</param>
    /// <param name="addedAt">When it was registered.</param>
    /// <param name="expired">Whether it had expired when listed.</param>
    /// <returns>The registration.</returns>
    public static RegisteredCertificate RegisteredCertificate(
        string subscriptionId, string thumbprint, DateTimeOffset notAfter, string subject = "", bool subscriptionEnabled = true, DateTimeOffset addedAt = default, bool expired = false) =>
        new()
        {
            SubscriptionId = subscriptionId,
            Thumbprint = thumbprint,
            NotAfter = notAfter,
            Subject = subject,
            SubscriptionEnabled = subscriptionEnabled,
            AddedAt = addedAt,
            Expired = expired,
        };

    /// <summary>Creates a registered storage account as the operator surface returns it.</summary>
    /// <param name="id">The resource id.</param>
    /// <param name="accountName">The account name.</param>
    /// <param name="credentialType">Which credential is registered.</param>
    /// <param name="registeredAt">When it was registered.</param>
    /// <returns>The registration.</returns>
    public static RegisteredStorageAccount RegisteredStorageAccount(
        string id, string accountName, StorageAccountCredentialType credentialType = StorageAccountCredentialType.AccountKey, DateTimeOffset registeredAt = default) =>
        new() { Id = id, AccountName = accountName, CredentialType = credentialType, RegisteredAt = registeredAt };

    /// <summary>Creates a webhook delivery.</summary>
    /// <param name="id">The delivery id.</param>
    /// <param name="eventId">The event id.</param>
    /// <param name="eventType">The event type.</param>
    /// <param name="status">The delivery state.</param>
    /// <param name="jobName">The job.</param>
    /// <param name="attempts">Attempts so far.</param>
    /// <param name="lastStatusCode">The last attempt's HTTP status.</param>
    /// <param name="lastError">The last attempt's error.</param>
    /// <param name="nextAttemptAt">When the next attempt is due.</param>
    /// <param name="deliveredAt">When it was delivered.</param>
    /// <param name="createdAt">When it was queued.</param>
    /// <returns>The delivery.</returns>
    public static WebhookDelivery WebhookDelivery(
        long id,
        string eventId,
        WebhookEventType eventType = WebhookEventType.JobStateChanged,
        WebhookDeliveryStatus status = WebhookDeliveryStatus.Pending,
        string? jobName = null,
        int attempts = 0,
        int? lastStatusCode = null,
        string? lastError = null,
        DateTimeOffset? nextAttemptAt = null,
        DateTimeOffset? deliveredAt = null,
        DateTimeOffset createdAt = default) => new()
        {
            Id = id,
            EventId = eventId,
            EventType = eventType,
            Status = status,
            JobName = jobName,
            Attempts = attempts,
            LastStatusCode = lastStatusCode,
            LastError = lastError,
            NextAttemptAt = nextAttemptAt,
            DeliveredAt = deliveredAt,
            CreatedAt = createdAt,
        };

    /// <summary>Creates the counts of an operator search.</summary>
    /// <param name="byState">Matching jobs per state; states left out count zero.</param>
    /// <returns>The counts, with every state present and their sum as the total.</returns>
    public static OperatorJobCounts OperatorJobCounts(IReadOnlyDictionary<JobState, int>? byState = null)
    {
        var all = Enum.GetValues<JobState>().ToDictionary(s => s, s => byState?.GetValueOrDefault(s) ?? 0);
        return new() { Total = all.Values.Sum(), ByState = all };
    }

    /// <summary>Creates a drive being copied as <c>/operator/transfers</c> lists it.</summary>
    /// <param name="subscriptionId">The owning subscription.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="driveId">The drive.</param>
    /// <param name="bytesCopied">Bytes copied so far.</param>
    /// <param name="startedAt">When the copy started.</param>
    /// <param name="bytesPerSecond">The average throughput so far.</param>
    /// <param name="bytesTotal">Bytes in all, or <see langword="null"/>.</param>
    /// <param name="percentComplete">Percentage copied, or <see langword="null"/>.</param>
    /// <param name="surface">The surface that created the job.</param>
    /// <param name="resourceGroup">The resource group of an ARM job.</param>
    /// <param name="jobType">The job type.</param>
    /// <param name="worker">The worker holding the drive, or <see langword="null"/>.</param>
    /// <returns>The transfer.</returns>
    public static OperatorTransfer OperatorTransfer(
        string subscriptionId, string jobName, string driveId, long bytesCopied = 0, DateTimeOffset startedAt = default, long bytesPerSecond = 0, long? bytesTotal = null,
        int? percentComplete = null, JobSurface surface = JobSurface.Classic, string? resourceGroup = null, JobType jobType = JobType.Import, string? worker = null) =>
        new()
        {
            SubscriptionId = subscriptionId,
            JobName = jobName,
            DriveId = driveId,
            BytesCopied = bytesCopied,
            StartedAt = startedAt,
            BytesPerSecond = bytesPerSecond,
            BytesTotal = bytesTotal,
            PercentComplete = percentComplete,
            Surface = surface,
            ResourceGroup = resourceGroup,
            JobType = jobType,
            Worker = worker,
        };
}
