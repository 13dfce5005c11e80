using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Operator;

/// <summary><c>/operator/storage-accounts</c> (docs/operator-api.md §1): register, replace, list and remove; no secret in any answer.</summary>
public sealed class StorageAccountApiTests
{
    private const string Path = "operator/storage-accounts";
    private const string Id = "/subscriptions/6f43a5ce-afda-4637-ac1c-178c41ba6675/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/Account1";
    private const string Key = "c2VjcmV0LWFjY291bnQta2V5LXZhbHVl";
    private const string Sas = "photos?sv=2019-02-02&sp=rwdl&sig=c2VjcmV0LXNpZ25hdHVyZQ";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Put(string json) =>
        new(HttpMethod.Put, Path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static string Body(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    [Fact]
    public async Task Register_replace_list_and_remove_without_ever_returning_a_secret()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();
        var answers = new List<string>();

        using var created = await client.SendAsync(Put(Body(new { id = Id, accountKey = Key })), Ct);
        answers.Add(await created.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = JsonNode.Parse(answers[^1])!;
        Assert.Equal(Id.ToLowerInvariant(), view["id"]!.GetValue<string>());
        Assert.Equal(("account1", "AccountKey"), (view["accountName"]!.GetValue<string>(), view["credentialType"]!.GetValue<string>()));
        Assert.Equal(server.Clock.GetUtcNow(), view["registeredAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["id", "accountName", "credentialType", "registeredAt"], view.AsObject().Select(p => p.Key));

        using var replaced = await client.SendAsync(Put(Body(new { id = Id.ToUpperInvariant().Replace("ACCOUNT1", "account1", StringComparison.Ordinal), containerSas = Sas })), Ct);
        answers.Add(await replaced.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("ContainerSas", JsonNode.Parse(answers[^1])!["credentialType"]!.GetValue<string>());

        var second = "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.ClassicStorage/storageAccounts/other2";
        using var other = await client.SendAsync(Put(Body(new { id = second, accountKey = Key })), Ct);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        using var list = await client.GetAsync(Path, Ct);
        answers.Add(await list.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var values = JsonNode.Parse(answers[^1])!["value"]!.AsArray();
        Assert.Equal([Id.ToLowerInvariant(), second.ToLowerInvariant()], values.Select(v => v!["id"]!.GetValue<string>()));
        Assert.Equal(["ContainerSas", "AccountKey"], values.Select(v => v!["credentialType"]!.GetValue<string>()));

        using var removed = await client.DeleteAsync(Path + "?id=" + Uri.EscapeDataString(Id), Ct);
        answers.Add(await removed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.True(JsonNode.Parse(answers[^1])!["deleted"]!.GetValue<bool>());
        using var again = await client.DeleteAsync(Path + "?id=" + Uri.EscapeDataString(Id), Ct);
        await OperatorRequests.AssertProblemAsync(again, HttpStatusCode.NotFound, "ResourceNotFound", mentions: Id.ToLowerInvariant());
        var left = await client.GetFromJsonAsync<JsonNode>(Path, Ct);
        Assert.Equal([second.ToLowerInvariant()], left!["value"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));

        foreach (var answer in answers)
        {
            Assert.DoesNotContain("c2VjcmV0", answer, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"accountKey":"c2VjcmV0"}""", "id")]
    [InlineData("""{"id":"account1","accountKey":"c2VjcmV0"}""", "id")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/UPPER_case","accountKey":"c2VjcmV0"}""", "id")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1"}""", "accountKey")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1","accountKey":"c2VjcmV0","containerSas":"c?sv=2019-02-02&sig=c2VjcmV0"}""", "accountKey")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1","accountKey":"not base64 c2VjcmV0!"}""", "accountKey")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1","containerSas":"c?sv=2019-02-02"}""", "containerSas")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1","containerSas":"?sv=2019-02-02&sig=c2VjcmV0"}""", "containerSas")]
    [InlineData("""{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1","accountKey":"c2VjcmV0","extra":1}""", "extra")]
    public async Task Bad_input_is_a_400_naming_the_member_that_registers_nothing_and_echoes_no_secret(string body, string target)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();

        using var response = await client.SendAsync(Put(body), Ct);

        var problem = await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(target, problem["target"]?.GetValue<string>());
        Assert.DoesNotContain("c2VjcmV0", problem.ToJsonString(), StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonNode>(Path, Ct);
        Assert.Empty(list!["value"]!.AsArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?id=account1")]
    [InlineData("?id=a&id=b")]
    public async Task Delete_needs_one_valid_id(string query)
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateOperatorClient();

        using var response = await client.DeleteAsync(Path + query, Ct);

        var problem = await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("id", problem["target"]?.GetValue<string>());
    }

    [Fact]
    public async Task Without_the_operator_token_every_operation_is_401()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var customer = server.CreateClient();
        using var wrong = server.CreateOperatorClient("not-the-operator-token");

        foreach (var client in new[] { customer, wrong })
        {
            using var list = await client.GetAsync(Path, Ct);
            using var put = await client.SendAsync(Put(Body(new { id = Id, accountKey = Key })), Ct);
            using var delete = await client.DeleteAsync(Path + "?id=" + Uri.EscapeDataString(Id), Ct);
            foreach (var response in new[] { list, put, delete })
            {
                await OperatorRequests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }

        using var operatorClient = server.CreateOperatorClient();
        Assert.Empty((await operatorClient.GetFromJsonAsync<JsonNode>(Path, Ct))!["value"]!.AsArray());
    }
}
