using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Support;

/// <summary>Valid surface-neutral requests and the keys that address them.</summary>
public static class JobRequests
{
    public const string Subscription = "8f1c5b0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f";
    public const string Account = "xttest";
    public const string AccountKey = "ZmVycnktdGVzdC1hY2NvdW50LWtleS0wMTIzNDU2Nzg5YWJjZGVm";
    public const string BitLockerKey = "259358-100188-581471-154165-090552-296406-410091-426844";

    public static JobKey Key(string name, string account = Account, string subscription = Subscription) =>
        JobKey.Classic(subscription, account, name);

    public static ReturnAddress SampleReturnAddress { get; } = new("John Doe", "One Microsoft Way, Redmond, WA 98052", "1-800-000-0000", "johndoe@outlook.com");

    public static ShippingPackage SampleDeliveryPackage { get; } = new("FedEx", "999999999999", 1, "4/30/2014 12:25:40 AM");

    public static DriveSpec Drive(int index) => new($"DRIVE{index:D4}", BitLockerKey, "\\DriveManifest.xml", "B306C4B34DAA0E99957A4B9C779D2FA2");

    public static CreateJob Import(int drives = 1, string account = Account, ReturnAddress? returnAddress = null, StorageCredential? credential = null) => new()
    {
        StorageAccountName = account,
        Type = JobType.Import,
        Location = "West US",
        Credential = credential ?? new StorageCredential(AccountKey, null),
        ReturnAddress = returnAddress ?? SampleReturnAddress,
        Drives = [.. Enumerable.Range(0, drives).Select(Drive)],
    };

    public static CreateJob Export(string account = Account) => new()
    {
        StorageAccountName = account,
        Type = JobType.Export,
        Location = "West US",
        Credential = new StorageCredential(AccountKey, null),
        ReturnAddress = SampleReturnAddress,
        Export = new ExportSelection([], ["/photos"], null),
    };

    public static Func<Result<CreateJob>> Parsed(CreateJob request) => () => request;

    public static Func<Result<JobUpdate>> Parsed(JobUpdate update) => () => update;
}
