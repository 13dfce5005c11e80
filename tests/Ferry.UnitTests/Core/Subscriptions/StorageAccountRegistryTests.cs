using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Ferry.Core.Subscriptions;
using Ferry.Core.Transfer;
using Ferry.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.UnitTests.Core.Subscriptions;

/// <summary>
/// <see cref="StorageAccountRegistry"/> on every backend: the id, key and SAS rules (a 400 naming the member), creation
/// then replacement, secrets protected at rest and absent from every view, removal, and the data path's lookup.
/// </summary>
public sealed class StorageAccountRegistryTests
{
    public const string Id = "/subscriptions/sub-1/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/Account1";
    public const string Key = "bXlzdG9yYWdlLWFjY291bnQta2V5";
    public const string Sas = "photos?sv=2019-02-02&sp=rwdl&sig=c2lnbmF0dXJl";

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Sqlite, StoreBackend.PostgreSql];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StorageAccountRegistry Registry(StoreEngine engine) => engine.Services.GetRequiredService<StorageAccountRegistry>();

    [Theory]
    [InlineData(null, Key, null, "id")]
    [InlineData("account1", Key, null, "id")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a", Key, null, "id")]
    [InlineData(Id, null, null, "accountKey")]
    [InlineData(Id, Key, Sas, "accountKey")]
    [InlineData(Id, "not base64!", null, "accountKey")]
    [InlineData(Id, "", null, "accountKey")]
    [InlineData(Id, null, "photos", "containerSas")]
    [InlineData(Id, null, "photos?sv=2019-02-02", "containerSas")]
    [InlineData(Id, null, "Bad_Container?sv=2019-02-02&sig=abc", "containerSas")]
    [InlineData(Id, null, "photos?sv=2013-08-15&sig=abc", "containerSas")]
    public async Task Bad_input_is_a_400_naming_the_member_and_registers_nothing(string? id, string? key, string? sas, string target)
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);

        var result = await Registry(engine).RegisterAsync(id, key, sas, Ct);

        Assert.Equal((FerryErrors.BadRequest, target), (result.Error?.Kind, result.Error?.Target));
        Assert.DoesNotContain("c2lnbmF0dXJl", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(await Registry(engine).ListAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Registering_creates_then_replaces_and_keeps_the_secret_protected(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var registry = Registry(engine);

        var created = await registry.RegisterAsync(Id, Key, null, Ct);
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        var replaced = await registry.RegisterAsync(Id.ToUpperInvariant().Replace("ACCOUNT1", "account1", StringComparison.Ordinal), null, Sas, Ct);

        Assert.True(created.Value!.Created);
        Assert.False(replaced.Value!.Created);
        var expected = new StorageAccountRegistration(Id.ToLowerInvariant(), "account1", StorageAccountCredentialType.ContainerSas, SqliteJobEngine.Start.AddMinutes(5));
        Assert.Equal(expected, replaced.Value.Registration);
        Assert.Equal(StorageAccountCredentialType.AccountKey, created.Value.Registration.CredentialType);
        Assert.Equal([expected], await registry.ListAsync(Ct));
        Assert.Equal(expected, await registry.FindOrNullAsync(Id, Ct));
        var stored = await engine.Services.GetRequiredService<StorageAccountStore>().FindOrNullAsync(Id.ToLowerInvariant(), Ct);
        Assert.Equal((null, PrefixReversingProtector.Expected(Sas)), (stored!.ProtectedAccountKey, stored.ProtectedContainerSas));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Concurrent_registrations_of_one_id_create_it_once(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var registry = Registry(engine);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => registry.RegisterAsync(Id, Key, null, Ct), Ct)));

        Assert.Single(results, r => r.Value!.Created);
        Assert.Single(await registry.ListAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Removing_deletes_the_registration_once(StoreBackend backend)
    {
        await using var engine = await StoreEngine.StartAsync(backend);
        var registry = Registry(engine);
        await registry.RegisterAsync(Id, Key, null, Ct);

        var removed = await registry.RemoveAsync(Id.ToLowerInvariant(), Ct);
        var again = await registry.RemoveAsync(Id, Ct);
        var invalid = await registry.RemoveAsync("account1", Ct);

        Assert.Equal(Id.ToLowerInvariant(), removed.Value);
        Assert.Equal(FerryErrors.NotFound, again.Error?.Kind);
        Assert.Equal((FerryErrors.BadRequest, "id"), (invalid.Error?.Kind, invalid.Error?.Target));
        Assert.Empty(await registry.ListAsync(Ct));
        Assert.Null(await registry.FindOrNullAsync(Id, Ct));
    }

    [Fact]
    public async Task An_ARM_job_reaches_its_account_only_once_it_is_registered_and_a_classic_job_uses_its_own_key()
    {
        await using var engine = await StoreEngine.StartAsync(StoreBackend.Sqlite);
        var accounts = engine.Services.GetRequiredService<BlobAccounts>();
        var arm = new Job { Surface = ApiSurface.Arm, StorageAccountId = Id, StorageAccountName = "account1" };
        var classic = new Job { Surface = ApiSurface.Classic, StorageAccountName = "account1", ProtectedAccountKey = PrefixReversingProtector.Expected(Key) };

        Assert.Null(await accounts.ForAsync(arm, Ct));
        Assert.NotNull((await accounts.ForAsync(classic, Ct))?.Service);

        await Registry(engine).RegisterAsync(Id.ToLowerInvariant(), null, Sas, Ct);
        var account = await accounts.ForAsync(arm, Ct);

        Assert.Equal("photos", account?.SasContainer);
        Assert.DoesNotContain("sig", account!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_registration_hint_names_the_id_and_the_command()
    {
        Assert.Equal(
            $"register them with 'ferry storage-account add --id {Id} --key <account key>' (or --sas <container SAS>)",
            StorageAccountRegistry.HowToRegister(Id));
    }
}
