using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Support;

/// <summary>Builders of classic API requests and sample bodies.</summary>
public static class ClassicRequests
{
    public const string V1 = "2014-05-01";
    public const string V2 = "2014-11-01";
    public const string SampleKey = "259358-100188-581471-154165-090552-296406-410091-426844";
    public const string AccountKey = "ZmVycnktdGVzdC1hY2NvdW50LWtleS0wMTIzNDU2Nzg5YWJjZGVm";

    /// <summary>A request to <paramref name="path"/> under the classic base (e.g. <c>storageaccounts/acc/jobs/j</c>).</summary>
    public static HttpRequestMessage Create(FerryTestServer server, HttpMethod method, string path, string? version = V2, string? json = null)
    {
        var request = new HttpRequestMessage(method, server.ClassicBase + "/" + path);
        if (version is not null)
        {
            request.Headers.Add("x-ms-version", version);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    /// <summary>A valid import Put Job body.</summary>
    public static JsonObject ImportJob(string name, int drives = 1, string location = "West US")
    {
        var list = new JsonArray();
        for (var i = 0; i < drives; i++)
        {
            list.Add(new JsonObject
            {
                ["DriveId"] = $"DRIVE{i:D4}",
                ["BitLockerKey"] = SampleKey,
                ["ManifestFile"] = "\\DriveManifest.xml",
                ["ManifestHash"] = "B306C4B34DAA0E99957A4B9C779D2FA2",
            });
        }

        return new JsonObject
        {
            ["Name"] = name,
            ["Properties"] = new JsonObject
            {
                ["StorageAccountKey"] = AccountKey,
                ["Location"] = location,
                ["Type"] = "Import",
                ["ReturnAddress"] = ReturnAddress(),
            },
            ["DriveList"] = list,
        };
    }

    /// <summary>A valid export Put Job body.</summary>
    public static JsonObject ExportJob(string name) => new()
    {
        ["Name"] = name,
        ["Properties"] = new JsonObject
        {
            ["StorageAccountKey"] = AccountKey,
            ["Location"] = "West US",
            ["Type"] = "Export",
            ["ReturnAddress"] = ReturnAddress(),
        },
        ["Export"] = new JsonObject { ["BlobList"] = new JsonObject { ["BlobPathPrefix"] = new JsonArray("/photos") } },
    };

    public static JsonObject ReturnAddress() => new()
    {
        ["Name"] = "John Doe",
        ["Address"] = "One Microsoft Way, Redmond, WA 98052",
        ["Phone"] = "1-800-000-0000",
        ["Email"] = "johndoe@outlook.com",
    };

    public static JsonObject ShippingUpdate() => new()
    {
        ["Properties"] = new JsonObject
        {
            ["State"] = "Shipping",
            ["DeliveryPackage"] = new JsonObject { ["CarrierName"] = "FedEx", ["TrackingNumber"] = "999999999999", ["DriveCount"] = 1, ["ShipDate"] = "4/30/2014 12:25:40 AM" },
        },
    };

    /// <summary>Sends a request and returns the response.</summary>
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, FerryTestServer server, HttpMethod method, string path, string? version = V2, JsonNode? body = null) =>
        client.SendAsync(Create(server, method, path, version, body?.ToJsonString()));

    /// <summary>Creates a job and asserts 201.</summary>
    public static async Task PutJobAsync(this HttpClient client, FerryTestServer server, string account, JsonObject body)
    {
        using var response = await client.SendAsync(server, HttpMethod.Put, $"storageaccounts/{account}/jobs/{body["Name"]}", body: body);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Put Job failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The ExtendedCode of an odata.error body.</summary>
    public static async Task<string?> ExtendedCodeAsync(HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["odata.error"]?["azure.values"]?[0]?["ExtendedCode"]?.GetValue<string>();
    }
}
