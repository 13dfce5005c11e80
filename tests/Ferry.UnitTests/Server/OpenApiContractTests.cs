using Ferry.Server.Hosting;
using Ferry.TestSupport;

namespace Ferry.UnitTests.Server;

/// <summary>The response validator of the surface tests bites (docs/architecture.md §10).</summary>
public sealed class OpenApiContractTests
{
    private const string Base = "/5f1b2c3d/services/importexport";
    private const string Job = Base + "/storageaccounts/acc/jobs/MyJob";

    private static readonly OpenApiContract _classic = OpenApiContract.Parse(ApiDescriptions.Classic, ApiDescriptions.ReadEmbedded(ApiDescriptions.Classic));
    private static readonly OpenApiContract _arm = OpenApiContract.Parse(ApiDescriptions.Arm, ApiDescriptions.ReadEmbedded(ApiDescriptions.Arm));

    private const string GoodJob = """
        {"odata.metadata":"x","odata.id":"MyJob","odata.editLink":"y","Name":"MyJob",
         "Properties":{"Location":"West US","Type":"Import","State":"Creating","CancelRequested":false,
                       "ShippingInformation":{"Name":"n","Address":"a"},"ImportExportStatesPath":"waimportexport",
                       "EnableVerboseLog":false,"BackupDriveManifest":false},
         "DriveList":[{"DriveId":"D1","State":"Specified"}]}
        """;

    [Fact]
    public void ADocumentedResponsePasses() =>
        Assert.Empty(_classic.Check("GET", Job, 200, "application/json", GoodJob));

    [Fact]
    public void AMissingRequiredMemberIsReported()
    {
        var violations = _classic.Check("GET", Job, 200, "application/json", GoodJob.Replace("\"State\":\"Creating\",", "", StringComparison.Ordinal));
        var violation = Assert.Single(violations);
        Assert.Contains("required", violation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("State", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void AStateOutsideTheEnumIsReported() =>
        Assert.Single(_classic.Check("GET", Job, 200, "application/json", GoodJob.Replace("\"Creating\"", "\"Lost\"", StringComparison.Ordinal)));

    [Fact]
    public void AMemberOfAClosedObjectThatTheDocumentDoesNotListIsReported() =>
        Assert.Single(_classic.Check("GET", Job, 200, "application/json", GoodJob.Replace("\"Name\":\"MyJob\"", "\"Name\":\"MyJob\",\"StorageAccountKey\":\"secret\"", StringComparison.Ordinal)));

    [Fact]
    public void AnUndocumentedStatusIsReported()
    {
        var violation = Assert.Single(_classic.Check("GET", Job, 201, "application/json", GoodJob));
        Assert.Contains("status 201", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndocumentedContentTypeIsReported() =>
        Assert.Single(_classic.Check("GET", Job, 200, "text/plain", "hello"));

    [Fact]
    public void AnErrorOutsideItsEnvelopeIsReported()
    {
        Assert.Empty(_arm.Check("GET", "/providers/Microsoft.ImportExport/locations/nowhere", 404, "application/json", """{"error":{"code":"ResourceNotFound","message":"m","target":"locationName"}}"""));
        Assert.Single(_arm.Check("GET", "/providers/Microsoft.ImportExport/locations/nowhere", 404, "application/json", """{"code":"ResourceNotFound","message":"m"}"""));
    }

    [Fact]
    public void PathsMatchTemplatesWithLiteralsIgnoringCase()
    {
        Assert.Empty(_arm.Check("DELETE", "/SUBSCRIPTIONS/s/resourcegroups/g/providers/microsoft.importexport/JOBS/j", 200, null, null));
        Assert.Empty(_classic.Check("GET", Base + "/%24metadata", 200, "application/xml", "<edmx/>"));
    }

    [Fact]
    public void AnUnlistedPathMustBeRefusedInTheSurfaceEnvelope()
    {
        const string Error = """{"odata.error":{"code":"404","message":{"lang":"en-US","value":"v"},"azure.values":[{"ExtendedCode":"ResourceNotFound"},{"ExtendedInformation":"i"}]}}""";
        Assert.Empty(_classic.Check("GET", Base + "/nothing/here", 404, "application/json", Error));
        Assert.Single(_classic.Check("GET", Base + "/nothing/here", 200, "application/json", "{}"));
        Assert.Single(_classic.Check("GET", Base + "/nothing/here", 404, "application/json", "{}"));
    }
}
