using System.Text.Json;
using Ferry.Core.Audit;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using static Ferry.UnitTests.Support.JobRequests;

namespace Ferry.UnitTests.Support;

/// <summary>
/// Customer requests and data-centre steps on a <see cref="SqliteJobEngine"/>, each asserting success, for tests that
/// walk a job through its lifecycle. Jobs are classic jobs of <see cref="JobRequests.Subscription"/>.
/// </summary>
public static class DataCentreSteps
{
    /// <summary>The ids of <see cref="JobRequests.Drive"/> 0, 1 and 2.</summary>
    public const string D0 = "DRIVE0000";
    public const string D1 = "DRIVE0001";
    public const string D2 = "DRIVE0002";

    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ShippingPackage SampleReturnPackage { get; } = new("FedEx", "RETURN-1", null, null);

    public static T Ok<T>(Result<T> result)
    {
        Assert.Null(result.Error);
        return result.Value!;
    }

    public static void AssertError(FerryErrorKind kind, FerryError? error, string? target = null)
    {
        Assert.NotNull(error);
        Assert.Same(kind, error.Kind);
        if (target is not null)
        {
            Assert.Equal(target, error.Target);
        }
    }

    public static async Task<Job> CreateAsync(this SqliteJobEngine engine, string name, CreateJob? request = null) =>
        Ok(await engine.Jobs.PutAsync(Key(name), JobCondition.None, Parsed(request ?? Import()), Ct)).Job;

    public static async Task<Job> UpdateAsync(this SqliteJobEngine engine, string name, JobUpdate update) =>
        Ok(await engine.Jobs.UpdateAsync(Key(name), JobCondition.None, Parsed(update), Ct));

    public static Task<Job> ShipAsync(this SqliteJobEngine engine, string name) =>
        engine.UpdateAsync(name, new JobUpdate { RequestShipping = true, DeliveryPackage = SampleDeliveryPackage });

    public static Task<Job> CancelAsync(this SqliteJobEngine engine, string name) =>
        engine.UpdateAsync(name, new JobUpdate { RequestCancel = true });

    /// <summary>Creates an import job with <paramref name="drives"/> drives (D0, D1, …) and ships it.</summary>
    public static async Task<Job> CreateShippedAsync(this SqliteJobEngine engine, string name, int drives = 1)
    {
        await engine.CreateAsync(name, Import(drives));
        return await engine.ShipAsync(name);
    }

    /// <summary>Creates an export job and ships it.</summary>
    public static async Task<Job> CreateShippedExportAsync(this SqliteJobEngine engine, string name)
    {
        await engine.CreateAsync(name, Export());
        return await engine.ShipAsync(name);
    }

    /// <summary>R1 with these drive ids (no content paths).</summary>
    public static async Task<Job> ReceiveAsync(this SqliteJobEngine engine, string name, params string[] driveIds) =>
        Ok(await engine.DataCentre.ReceivePackageAsync(Key(name), [.. driveIds.Select(d => new ReceivedDrive(d, null))], Actor.Operator, Ct));

    public static async Task<Job> StartCopyAsync(this SqliteJobEngine engine, string name, string driveId) =>
        Ok(await engine.DataCentre.StartCopyAsync(Key(name), driveId, null, Actor.Operator, Ct));

    public static async Task<Job> ProgressAsync(this SqliteJobEngine engine, string name, string driveId, int percent, long bytes) =>
        Ok(await engine.DataCentre.ReportProgressAsync(Key(name), driveId, percent, bytes, Actor.Operator, Ct));

    /// <summary>C3 on a Transferring drive.</summary>
    public static async Task<Job> FinishCopyAsync(this SqliteJobEngine engine, string name, string driveId, CopyStatus status = CopyStatus.Completed, bool moreInfo = false, long? bytes = null) =>
        Ok(await engine.DataCentre.FinishCopyAsync(Key(name), driveId, status, moreInfo, bytes, startIfNeeded: false, Actor.Operator, Ct));

    public static async Task<Job> ShipBackAsync(this SqliteJobEngine engine, string name, ShippingPackage? package = null) =>
        Ok(await engine.DataCentre.ShipBackAsync(Key(name), package ?? SampleReturnPackage, Actor.Operator, Ct));

    /// <summary>The job as stored (expired or not), or a failed assertion.</summary>
    public static async Task<Job> ReadAsync(this SqliteJobEngine engine, string name) =>
        await engine.Store.FindJobOrNullAsync(ApiSurface.Classic, Subscription, "", name.ToUpperInvariant(), Ct)
            ?? throw new InvalidOperationException($"No job {name}.");

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this SqliteJobEngine engine, string name) =>
        await engine.Store.ListAuditAsync((await engine.ReadAsync(name)).Id, Ct);

    /// <summary>
    /// Everything a refused step must leave alone: every stored member of the job and its drives, and its audit
    /// trail. Compare the footprints taken before and after.
    /// </summary>
    public static async Task<string> FootprintAsync(this SqliteJobEngine engine, string name)
    {
        var job = await engine.ReadAsync(name);
        var audit = await engine.Store.ListAuditAsync(job.Id, Ct);
        return JsonSerializer.Serialize(new { job, audit }, _json);
    }

    public static DriveState StateOf(this Job job, string driveId) => job.Drives.Single(d => d.DriveId == driveId).State;

    public static Drive DriveOf(this Job job, string driveId) => job.Drives.Single(d => d.DriveId == driveId);
}
