using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ferry.Benchmarks.Api;

/// <summary>
/// The requests of Ferry's operations that <see cref="ClassicClient"/> does not build: classic Update Job Properties
/// and Delete Job (docs/classic-api.md §3.6, §3.9), and ARM Jobs_Get and Jobs_Create with the development bearer
/// token (docs/arm-api.md §3.4, §3.5).
/// </summary>
internal sealed class FerryRequests(ClassicClient classic, Uri serverBase, string subscriptionId, string armToken)
{
    public const string ArmApiVersion = "2021-01-01";
    public const string ResourceGroup = "benchrg";

    private static readonly MediaTypeHeaderValue _json = new("application/json");

    public ClassicClient Classic { get; } = classic;

    /// <summary>Update Job Properties: a new <c>Description</c> (allowed in every state, docs/lifecycle.md §3).</summary>
    public HttpRequestMessage UpdateJob(string name, string description) =>
        WithJson(new HttpRequestMessage(HttpMethod.Patch, Classic.Job(name)), "{\"Properties\":{\"Description\":\"" + description + "\"}}");

    public HttpRequestMessage DeleteJob(string name) => Http11(new HttpRequestMessage(HttpMethod.Delete, Classic.Job(name)));

    public Uri ArmJob(string name) =>
        new($"{serverBase.ToString().TrimEnd('/')}/subscriptions/{subscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.ImportExport/jobs/{name}?api-version={ArmApiVersion}");

    public HttpRequestMessage ArmGetJob(string name) => Bearer(Http11(new HttpRequestMessage(HttpMethod.Get, ArmJob(name))));

    /// <summary>Jobs_Create: an import job with one drive.</summary>
    public HttpRequestMessage ArmPutJob(string name)
    {
        var body = "{\"location\":\"West US\",\"properties\":{\"storageAccountId\":\"/subscriptions/" + subscriptionId + "/resourceGroups/" + ResourceGroup
            + "/providers/Microsoft.Storage/storageAccounts/" + Classic.StorageAccount + "\",\"jobType\":\"Import\",\"driveList\":[{\"driveId\":\"DRIVE0001\","
            + "\"bitLockerKey\":\"259358-100188-581471-154165-090552-296406-410091-426844\",\"manifestFile\":\"\\\\DriveManifest.xml\","
            + "\"manifestHash\":\"B306C4B34DAA0E99957A4B9C779D2FA2\"}]}}";
        return Bearer(WithJson(new HttpRequestMessage(HttpMethod.Put, ArmJob(name)), body));
    }

    /// <summary>The name of ARM job <paramref name="index"/> (from 1).</summary>
    public static string ArmName(long index) => "arm" + index.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    private HttpRequestMessage Bearer(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", armToken);
        return request;
    }

    private static HttpRequestMessage WithJson(HttpRequestMessage request, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = _json;
        request.Content = content;
        return Http11(request);
    }

    private static HttpRequestMessage Http11(HttpRequestMessage request)
    {
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return request;
    }
}
