using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Support;

/// <summary>Requests to the operator surface, and the classic steps that bring a job to it.</summary>
public static class OperatorRequests
{
    public const string Account = "opaccount";

    /// <summary><c>operator/subscriptions/{sub}/jobs/{job}</c> of a classic job of the server's dev subscription.</summary>
    public static string JobPath(FerryTestServer server, string job) => $"operator/subscriptions/{server.SubscriptionId}/jobs/{job}";

    /// <summary>Creates a classic import job with <paramref name="drives"/> drives (<c>DRIVE0000</c>…) and moves it to Shipping.</summary>
    public static async Task ShippedImportJobAsync(this FerryTestServer server, string job, int drives = 1)
    {
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ImportJob(job, drives));
        await ShipAsync(server, client, job);
    }

    /// <summary>Creates a classic export job and moves it to Shipping.</summary>
    public static async Task ShippedExportJobAsync(this FerryTestServer server, string job)
    {
        using var client = server.CreateClient();
        await client.PutJobAsync(server, Account, ClassicRequests.ExportJob(job));
        await ShipAsync(server, client, job);
    }

    /// <summary>POSTs <paramref name="body"/> (or nothing) to <c>{job}/{action}</c>.</summary>
    public static Task<HttpResponseMessage> StepAsync(this HttpClient client, FerryTestServer server, string job, string action, JsonNode? body = null) =>
        client.PostAsync($"{JobPath(server, job)}/{action}", body is null ? null : JsonContent.Create(body));

    /// <summary>Runs a step and asserts 200; returns the job view.</summary>
    public static async Task<JsonNode> StepOkAsync(this HttpClient client, FerryTestServer server, string job, string action, JsonNode? body = null)
    {
        using var response = await client.StepAsync(server, job, action, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The operator view of a job.</summary>
    public static async Task<JsonNode> ViewAsync(this HttpClient client, FerryTestServer server, string job) =>
        JsonNode.Parse(await client.GetStringAsync(JobPath(server, job)))!;

    /// <summary>The job's audit trail.</summary>
    public static async Task<JsonArray> HistoryAsync(this HttpClient client, FerryTestServer server, string job) =>
        JsonNode.Parse(await client.GetStringAsync($"{JobPath(server, job)}/history"))!["value"]!.AsArray();

    /// <summary>A receive-package body listing <paramref name="driveIds"/>.</summary>
    public static JsonObject Package(params string[] driveIds) =>
        new() { ["drives"] = new JsonArray([.. driveIds.Select(id => (JsonNode)new JsonObject { ["driveId"] = id })]) };

    /// <summary>Asserts a problem-details answer with this status and code; returns the document.</summary>
    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? mentions = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Equal("https://ferry.dev/errors/" + code, problem["type"]!.GetValue<string>());
        if (mentions is not null)
        {
            Assert.Contains(mentions, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }

    private static async Task ShipAsync(FerryTestServer server, HttpClient client, string job)
    {
        using var ship = await client.SendAsync(server, HttpMethod.Patch, ClassicRequests.JobPath(Account, job), body: ClassicRequests.ShippingUpdate());
        Assert.Equal(HttpStatusCode.OK, ship.StatusCode);
    }
}
