using System.Net;
using System.Net.Http.Headers;
using Ferry.IntegrationTests.Support;

namespace Ferry.IntegrationTests.Classic;

/// <summary>The documented Delete Job wire sample, sent as the reference prints it.</summary>
public sealed class SeedSampleTests
{
    [Fact]
    public async Task Documented_Delete_Job_sample_answers_200_with_the_documented_headers_and_removes_the_job()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        using var put = await client.SendAsync(server, HttpMethod.Put, "storageaccounts/xttest/jobs/MySampleJob?timeout=3600", ClassicRequests.V1, ClassicRequests.ImportJob("MySampleJob"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{server.ClassicBase}/storageaccounts/xttest/jobs/MySampleJob?timeout=3600")
        {
            Content = new ByteArrayContent([]),
        };
        request.Headers.Add("x-ms-version", "2014-05-01");
        request.Headers.Add("x-ms-date", "Wed, 30 Apr 2014 00:25:40 GMT");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.SendAsync(request);
        using var get = await client.SendAsync(server, HttpMethod.Get, "storageaccounts/xttest/jobs/MySampleJob", ClassicRequests.V1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        ProtocolAssert.StandardHeaders(response, "2014-05-01");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Documented_Delete_Job_sample_of_a_missing_job_answers_404_in_the_envelope()
    {
        await using var server = await FerryTestServer.StartAsync();
        using var client = server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{server.ClassicBase}/storageaccounts/xttest/jobs/MySampleJob?timeout=3600");
        request.Headers.Add("x-ms-version", "2014-05-01");
        request.Headers.Add("x-ms-date", "Wed, 30 Apr 2014 00:25:40 GMT");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request);

        var information = await ProtocolAssert.ErrorAsync(response, 404, "ResourceNotFound");
        Assert.Contains("MySampleJob", information, StringComparison.Ordinal);
        ProtocolAssert.StandardHeaders(response, "2014-05-01");
    }
}
