using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Ferry.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ferry.UnitTests.Core.Persistence;

/// <summary>
/// docs/architecture.md §7.9: the stored numbers of persisted enums are frozen. The golden tables below may only grow: a member that
/// is renumbered, renamed or removed fails the first test of its enum, and a new member fails the second until it
/// is added here. Changing a stored number needs a schema version bump and a migration, not an edit of this table.
/// </summary>
public sealed class PersistedEnumStabilityTests
{
    private static readonly (string Name, int Value)[] _jobState =
    [
        ("Creating", 1), ("Shipping", 2), ("Received", 3), ("Transferring", 4),
        ("Packaging", 5), ("Completed", 6), ("Closed", 7), ("Canceled", 8),
    ];

    private static readonly (string Name, int Value)[] _driveState =
    [
        ("Specified", 1), ("Received", 2), ("NeverReceived", 3), ("Transferring", 4),
        ("Completed", 5), ("CompletedMoreInfo", 6), ("ShippedBack", 7),
    ];

    private static readonly (string Name, int Value)[] _jobType = [("Import", 1), ("Export", 2)];

    private static readonly (string Name, int Value)[] _apiSurface = [("Classic", 1), ("Arm", 2)];

    private static readonly (string Name, int Value)[] _copyStatus =
    [
        ("None", 1), ("InProgress", 2), ("Completed", 3), ("CompletedWithWarnings", 4), ("CompletedWithErrors", 5),
        ("InternalError", 6), ("ManifestCorrupted", 7), ("ManifestNameInvalid", 8), ("ManifestNameTooLong", 9),
        ("ManifestNotFound", 10), ("ManifestAccessDenied", 11), ("ManifestFormatInvalid", 12), ("ReadManifestFailed", 13),
        ("ManifestDriveIdMismatch", 14), ("BlobListFormatInvalid", 15), ("DiskNotFound", 16), ("VolumeNotNtfs", 17),
        ("DiskOperationFailed", 18), ("BitLockerNotActivated", 19), ("BitLockerProtectorNotFound", 20),
        ("BitLockerKeyInvalid", 21), ("BitLockerUnlockVolumeFailed", 22), ("BitLockerFailed", 23),
        ("BitLockerVolumeNotFound", 24), ("BlobRequestForbidden", 25),
    ];

    private static readonly (string Name, int Value)[] _auditAction =
    [
        ("Create", 1), ("Replace", 2), ("Ship", 3), ("Cancel", 4), ("Delete", 5), ("Expire", 6), ("ReceivePackage", 7),
        ("ReceiveDrive", 8), ("NeverReceived", 9), ("Close", 10), ("StartCopy", 11), ("Progress", 12), ("CompleteCopy", 13),
        ("FailDrive", 14), ("Settle", 15), ("ShipBack", 16), ("Reset", 17),
    ];

    private static readonly (string Name, int Value)[] _auditActorKind = [("Subscription", 1), ("Operator", 2), ("System", 3)];

    private static readonly (string Name, int Value)[] _webhookDeliveryStatus = [("Pending", 1), ("Delivered", 2), ("Failed", 3)];

    public static TheoryData<string> EnumNames() =>
        ["JobState", "DriveState", "JobType", "ApiSurface", "CopyStatus", "AuditAction", "AuditActorKind", "WebhookDeliveryStatus"];

    private static (Type Type, (string Name, int Value)[] Golden) Table(string name) => name switch
    {
        "JobState" => (typeof(JobState), _jobState),
        "DriveState" => (typeof(DriveState), _driveState),
        "JobType" => (typeof(JobType), _jobType),
        "ApiSurface" => (typeof(ApiSurface), _apiSurface),
        "CopyStatus" => (typeof(CopyStatus), _copyStatus),
        "AuditAction" => (typeof(AuditAction), _auditAction),
        "AuditActorKind" => (typeof(AuditActorKind), _auditActorKind),
        "WebhookDeliveryStatus" => (typeof(WebhookDeliveryStatus), _webhookDeliveryStatus),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(EnumNames))]
    public void Every_golden_member_still_exists_with_its_stored_number(string enumName)
    {
        var (type, golden) = Table(enumName);
        foreach (var (name, value) in golden)
        {
            Assert.True(Enum.TryParse(type, name, ignoreCase: false, out var member), $"{type.Name}.{name} was removed or renamed");
            Assert.Equal(value, Convert.ToInt32(member, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(EnumNames))]
    public void Every_member_of_the_enum_is_in_the_golden_table(string enumName)
    {
        var (type, golden) = Table(enumName);
        var actual = Enum.GetValues(type).Cast<object>()
            .Select(v => (Name: Enum.GetName(type, v)!, Value: Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Value).ToList();
        Assert.Equal(golden.OrderBy(p => p.Value), actual);
    }

    [Theory]
    [MemberData(nameof(EnumNames))]
    public void Golden_numbers_are_unique_and_start_at_one_so_zero_never_means_a_member(string enumName)
    {
        var (_, golden) = Table(enumName);
        Assert.Equal(golden.Length, golden.Select(p => p.Value).Distinct().Count());
        Assert.DoesNotContain(golden, p => p.Value <= 0);
    }

    [Theory]
    [InlineData(typeof(Job), nameof(Job.State))]
    [InlineData(typeof(Job), nameof(Job.Type))]
    [InlineData(typeof(Job), nameof(Job.Surface))]
    [InlineData(typeof(Drive), nameof(Drive.State))]
    [InlineData(typeof(Drive), nameof(Drive.CopyStatus))]
    [InlineData(typeof(AuditEntry), nameof(AuditEntry.Surface))]
    [InlineData(typeof(AuditEntry), nameof(AuditEntry.Action))]
    [InlineData(typeof(AuditEntry), nameof(AuditEntry.ActorKind))]
    [InlineData(typeof(WebhookDelivery), nameof(WebhookDelivery.Status))]
    public void Persisted_enums_are_stored_as_integers_not_names(Type entity, string property)
    {
        var options = new DbContextOptionsBuilder<SqliteFerryDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new SqliteFerryDbContext(options);
        var mapping = db.Model.FindEntityType(entity)!.FindProperty(property)!.GetRelationalTypeMapping();
        Assert.Equal("INTEGER", mapping.StoreType);
    }
}
