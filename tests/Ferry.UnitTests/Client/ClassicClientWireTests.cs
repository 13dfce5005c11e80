using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Ferry.Client.Classic;
using Ferry.Client.Models;

namespace Ferry.UnitTests.Client;

/// <summary>What <see cref="ClassicImportExportClient"/> puts on the wire and how it reads errors, against a stub handler.</summary>
public sealed class ClassicClientWireTests
{
    private static readonly Uri _endpoint = new("https://ferry.example/");

    [Fact]
    public async Task Put_sends_PUT_to_the_job_URI_with_the_version_header_and_a_PascalCase_body_without_nulls()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Created));
        var client = CreateClient(handler, new ClassicImportExportClientOptions(ClassicImportExportClientOptions.ServiceVersion.V2014_05_01));
        var job = new ImportExportJob("job1", new JobProperties
        {
            StorageAccountKey = "a2V5",
            Location = "West US",
            Type = "Import",
            ReturnAddress = new ReturnAddress("John", "One Way", "1-800", "j@example.com"),
        })
        {
            DriveList = [new JobDrive("DRIVE1", "111111-222222", "\\DriveManifest.xml", "AB12")],
        };

        var response = await client.PutJobAsync("acct", job, TestContext.Current.CancellationToken);

        Assert.Equal(201, response.Status);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("https://ferry.example/sub-1/services/importexport/storageaccounts/acct/jobs/job1", request.Uri);
        Assert.Equal("2014-05-01", request.Version);
        Assert.Equal(
            """{"Name":"job1","Properties":{"StorageAccountKey":"a2V5","Location":"West US","Type":"Import","ReturnAddress":{"Name":"John","Address":"One Way","Phone":"1-800","Email":"j@example.com"}},"DriveList":[{"DriveId":"DRIVE1","BitLockerKey":"111111-222222","ManifestFile":"\\DriveManifest.xml","ManifestHash":"AB12"}]}""",
            request.Body);
    }

    [Fact]
    public async Task The_default_version_is_2014_11_01_and_update_wraps_the_changes_in_Properties()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var client = CreateClient(handler, new ClassicImportExportClientOptions());

        await client.UpdateJobAsync("acct", "job1", new JobUpdate { State = "Shipping", DeliveryPackage = new PackageInfo("FedEx", "123") { DriveCount = 1 } }, new ETag("W/\"x\""), TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("2014-11-01", request.Version);
        Assert.Equal("W/\"x\"", request.IfMatch);
        Assert.Equal("""{"Properties":{"State":"Shipping","DeliveryPackage":{"CarrierName":"FedEx","TrackingNumber":"123","DriveCount":1}}}""", request.Body);
    }

    [Fact]
    public async Task An_odata_error_becomes_a_RequestFailedException_with_status_and_ExtendedCode()
    {
        const string Body = """{"odata.error":{"code":"404","message":{"lang":"en-US","value":"The specified job does not exist."},"azure.values":[{"ExtendedCode":"ResourceNotFound"},{"ExtendedInformation":"Job 'job1' was not found."}]}}""";
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(Body, Encoding.UTF8, "application/json") });
        var client = CreateClient(handler, new ClassicImportExportClientOptions());

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetJobAsync("acct", "job1", TestContext.Current.CancellationToken));

        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Contains("Job 'job1' was not found.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_reads_output_only_members()
    {
        const string Body = """{"odata.metadata":"x","odata.id":"job1","Name":"job1","Properties":{"Location":"West US","Type":"Import","State":"Creating","CancelRequested":false,"ShippingInformation":{"Name":"R","Address":"A;;C"}},"DriveList":[{"DriveId":"D1","State":"Specified"}]}""";
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Body, Encoding.UTF8, "application/json") });
        var client = CreateClient(handler, new ClassicImportExportClientOptions());

        ImportExportJob job = await client.GetJobAsync("acct", "job1", TestContext.Current.CancellationToken);

        Assert.Equal("Creating", job.Properties!.State);
        Assert.False(job.Properties.CancelRequested);
        Assert.Equal("A;;C", job.Properties.ShippingInformation!.Address);
        Assert.Equal("Specified", Assert.Single(job.DriveList!).State);
    }

    private static ClassicImportExportClient CreateClient(StubHandler handler, ClassicImportExportClientOptions options)
    {
        options.Transport = new HttpClientTransport(new HttpClient(handler));
        options.Retry.MaxRetries = 0;
        return new ClassicImportExportClient(_endpoint, "sub-1", SelfSigned(), options);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=unit", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
    }

    private sealed record RecordedRequest(string Method, string Uri, string? Version, string? IfMatch, string? Body);

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(
                request.Method.Method,
                request.RequestUri!.AbsoluteUri,
                request.Headers.TryGetValues("x-ms-version", out var v) ? string.Join(",", v) : null,
                request.Headers.TryGetValues("If-Match", out var m) ? string.Join(",", m) : null,
                body));
            return respond(request);
        }
    }
}
