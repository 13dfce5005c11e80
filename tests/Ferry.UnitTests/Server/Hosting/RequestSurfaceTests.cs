using Ferry.Server.Hosting;

namespace Ferry.UnitTests.Server.Hosting;

/// <summary>The <c>ferry.surface</c> tag of a request, from its route template (docs/architecture.md §9).</summary>
public sealed class RequestSurfaceTests
{
    [Theory]
    [InlineData("/{subscriptionId}/services/importexport/storageaccounts/{accountName}/jobs/{jobName}", "classic")]
    [InlineData("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ImportExport/jobs/{jobName}", "arm")]
    [InlineData("/providers/Microsoft.ImportExport/operations", "arm")]
    [InlineData("/operator/jobs", "operator")]
    [InlineData("/{subscriptionId}/services/ferry/webhooks", "extensions")]
    [InlineData("/healthz", "health")]
    [InlineData("/healthz/live", "health")]
    [InlineData("/healthz/ready", "health")]
    [InlineData("/metrics", "other")]
    [InlineData(null, "none")]
    public void A_route_template_names_its_surface(string? route, string surface) =>
        Assert.Equal(surface, RequestTelemetry.SurfaceOf(route));
}
