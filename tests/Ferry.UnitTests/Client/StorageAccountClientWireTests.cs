using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Ferry.Client.Models;
using Ferry.Client.Operator;

namespace Ferry.UnitTests.Client;

/// <summary>What <see cref="FerryOperatorClient"/> sends and reads for <c>/operator/storage-accounts</c>.</summary>
public sealed class StorageAccountClientWireTests
{
    private const string Base = "https://ferry.example/operator/storage-accounts";
    private const string Id = "/subscriptions/sub-1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/account1";
    private const string View = """{"id":"/subscriptions/sub-1/resourcegroups/rg1/providers/microsoft.storage/storageaccounts/account1","accountName":"account1","credentialType":"ContainerSas","registeredAt":"2026-11-28T21:00:00.0000000+00:00"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.Created)]
    [InlineData(HttpStatusCode.OK)]
    public async Task Register_puts_the_id_and_one_secret_and_reads_the_view(HttpStatusCode status)
    {
        var handler = StubHandler.Json(status, View);

        var response = await CreateClient(handler).RegisterStorageAccountAsync(Id, StorageAccountCredential.FromContainerSas("photos?sv=2019-02-02&sig=abc"), Ct);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("PUT", Base, "Bearer tok-123"), (request.Method, request.Uri, request.Header("Authorization")));
        Assert.Equal("""{"id":"/subscriptions/sub-1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/account1","containerSas":"photos?sv=2019-02-02\u0026sig=abc"}""", request.Body);
        Assert.Equal((int)status, response.GetRawResponse().Status);
        Assert.Equal(("account1", StorageAccountCredentialType.ContainerSas), (response.Value.AccountName, response.Value.CredentialType));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 0, 0, TimeSpan.Zero), response.Value.RegisteredAt);
    }

    [Fact]
    public async Task Register_with_a_key_sends_only_the_key()
    {
        var handler = StubHandler.Json(HttpStatusCode.Created, View);

        await CreateClient(handler).RegisterStorageAccountAsync(Id, StorageAccountCredential.FromAccountKey("a2V5"), Ct);

        Assert.Equal($$"""{"id":"{{Id}}","accountKey":"a2V5"}""", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public async Task List_reads_the_value_envelope_and_remove_sends_the_escaped_id()
    {
        var handler = new StubHandler(r => r.Method == HttpMethod.Delete
            ? StubHandler.Respond(HttpStatusCode.OK, """{"deleted":true}""")
            : StubHandler.Respond(HttpStatusCode.OK, $$"""{"value":[{{View}}]}"""));
        var client = CreateClient(handler);

        var list = (await client.GetStorageAccountsAsync(Ct)).Value;
        var removed = await client.RemoveStorageAccountAsync(Id, Ct);

        Assert.Equal("account1", Assert.Single(list).AccountName);
        Assert.Equal(200, removed.Status);
        Assert.Equal(("GET", Base), (handler.Requests[0].Method, handler.Requests[0].Uri));
        Assert.Equal(("DELETE", Base + "?id=" + Uri.EscapeDataString(Id)), (handler.Requests[1].Method, handler.Requests[1].Uri));
    }

    [Fact]
    public async Task A_404_on_remove_and_a_400_on_register_become_RequestFailedExceptions()
    {
        var handler = new StubHandler(r => r.Method == HttpMethod.Delete
            ? StubHandler.Respond(HttpStatusCode.NotFound, """{"status":404,"code":"ResourceNotFound","detail":"Storage account 'x' is not registered.","target":"id"}""", "application/problem+json")
            : StubHandler.Respond(HttpStatusCode.BadRequest, """{"status":400,"code":"BadRequest","detail":"bad","target":"accountKey"}""", "application/problem+json"));
        var client = CreateClient(handler);

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => client.RemoveStorageAccountAsync(Id, Ct));
        var bad = await Assert.ThrowsAsync<RequestFailedException>(() => client.RegisterStorageAccountAsync(Id, StorageAccountCredential.FromAccountKey("x"), Ct));

        Assert.Equal((404, "ResourceNotFound"), (missing.Status, missing.ErrorCode));
        Assert.Equal((400, "BadRequest", "accountKey"), (bad.Status, bad.ErrorCode, bad.Data["target"]));
    }

    [Fact]
    public void A_credential_never_shows_its_secret_and_the_factory_builds_views()
    {
        var credential = StorageAccountCredential.FromAccountKey("c2VjcmV0");

        Assert.Equal("StorageAccountCredential(AccountKey)", credential.ToString());
        Assert.Equal(StorageAccountCredentialType.ContainerSas, StorageAccountCredential.FromContainerSas("c?sv=1&sig=2").Type);
        Assert.Throws<ArgumentException>(() => StorageAccountCredential.FromAccountKey(""));
        var model = FerryModelFactory.RegisteredStorageAccount(Id, "account1", StorageAccountCredentialType.ContainerSas);
        Assert.Equal((Id, "account1", StorageAccountCredentialType.ContainerSas), (model.Id, model.AccountName, model.CredentialType));
    }

    private static FerryOperatorClient CreateClient(StubHandler handler)
    {
        var options = new FerryOperatorClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        return new FerryOperatorClient(new Uri("https://ferry.example"), "tok-123", options);
    }
}
