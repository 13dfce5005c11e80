using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Errors;
using Ferry.Server.Classic;
using Microsoft.AspNetCore.Http;

namespace Ferry.UnitTests.Core.Errors;

/// <summary>
/// docs/architecture.md §7.14: every catalog entry renders on every surface: the classic envelope of docs/classic-api.md §2.10 through the
/// real <see cref="ClassicExchange.ErrorAsync"/>, the ARM envelope of docs/arm-api.md §6 through the ARM surface's writer
/// (the operator's problem details are checked in <c>ProblemDetailsRendererTests</c>).
/// </summary>
public sealed partial class FerryErrorsTests
{
    /// <summary>docs/classic-api.md §2.10 and §6: the statuses and ExtendedCodes the classic surface may answer with.</summary>
    private static readonly Dictionary<string, (int Status, string ClassicCode)> _classicTable = new()
    {
        ["BadRequest"] = (400, "BadRequest"),
        ["MissingOrIncorrectVersionHeader"] = (400, "MissingOrIncorrectVersionHeader"),
        ["InvalidHttpVerb"] = (400, "InvalidHttpVerb"),
        ["InvalidRequestContent"] = (400, "BadRequest"),
        ["PathNotFound"] = (404, "ResourceNotFound"),
        ["MethodNotAllowed"] = (405, "InvalidHttpVerb"),
        ["QuotaExceeded"] = (409, "ConflictError"),
        ["Unauthorized"] = (401, "AuthenticationFailed"),
        ["AuthenticationFailed"] = (403, "AuthenticationFailed"),
        ["SubscriptionDisabled"] = (403, "SubscriptionDisabled"),
        ["ResourceNotFound"] = (404, "ResourceNotFound"),
        ["NotAcceptable"] = (406, "NotAcceptable"),
        ["Conflict"] = (409, "ConflictError"),
        ["PreconditionFailed"] = (412, "PreconditionFailed"),
        ["RequestBodyTooLarge"] = (413, "BadRequest"),
        ["RequestTimeout"] = (408, "OperationTimedOut"),
        ["InternalError"] = (500, "InternalError"),
        ["ServiceUnavailable"] = (503, "ServerBusy"),
    };

    /// <summary>docs/classic-api.md §2.10: the generic Service Management codes plus our two.</summary>
    private static readonly string[] _documentedClassicCodes =
    [
        "BadRequest", "ResourceNotFound", "ConflictError", "AuthenticationFailed", "SubscriptionDisabled",
        "MissingOrIncorrectVersionHeader", "InvalidHttpVerb", "InternalError", "OperationTimedOut", "ServerBusy",
        "NotAcceptable", "PreconditionFailed",
    ];

    public static TheoryData<string> CatalogNames() => [.. FerryErrors.All.Select(k => k.Name)];

    private static FerryErrorKind Entry(string name) => FerryErrors.All.Single(k => k.Name == name);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RequestId();

    private static async Task<(HttpResponse Response, JsonElement Body, long Written)> RenderClassicAsync(FerryError error, string method = "GET")
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Response.Body = new MemoryStream();
        var exchange = new ClassicExchange(http, "8f1c5b0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "https://localhost/8f1c5b0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f/services/importexport")
        {
            Method = method,
        };
        await exchange.ErrorAsync(error);
        var written = http.Response.Body.Length;
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        return (http.Response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), written);
    }

    [Fact]
    public void All_lists_every_catalog_entry_declared_on_FerryErrors_once()
    {
        var declared = typeof(FerryErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(FerryErrorKind))
            .Select(f => (FerryErrorKind)f.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(declared);
        Assert.Equal(declared.Count, FerryErrors.All.Count);
        Assert.All(declared, kind => Assert.Contains(kind, FerryErrors.All));
        Assert.Equal(FerryErrors.All.Count, FerryErrors.All.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void Every_catalog_entry_has_an_expected_classic_status_and_code_and_the_table_has_no_stale_rows() =>
        Assert.Equal(_classicTable.Keys.Order(), FerryErrors.All.Select(k => k.Name).Order());

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void Entry_has_the_status_and_ExtendedCode_of_the_classic_status_table(string name)
    {
        var kind = Entry(name);
        Assert.Equal(_classicTable[name], (kind.Status, kind.ClassicCode));
        Assert.Contains(kind.ClassicCode, _documentedClassicCodes);
        Assert.False(string.IsNullOrWhiteSpace(kind.Summary));
        Assert.False(string.IsNullOrWhiteSpace(kind.ArmCode));
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public async Task Entry_renders_in_the_classic_odata_error_envelope(string name)
    {
        var kind = Entry(name);
        var (response, body, _) = await RenderClassicAsync(new FerryError(kind, "Job 'MySampleJob' was not found in storage account 'xttest'.", "job"));

        Assert.Equal(kind.Status, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        var error = body.GetProperty("odata.error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.Equal(kind.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("code").GetString());
        Assert.Equal("en-US", error.GetProperty("message").GetProperty("lang").GetString());
        Assert.Equal(kind.Summary, error.GetProperty("message").GetProperty("value").GetString());
        var values = error.GetProperty("azure.values");
        Assert.Equal(2, values.GetArrayLength());
        Assert.Equal(kind.ClassicCode, values[0].GetProperty("ExtendedCode").GetString());
        Assert.Equal("Job 'MySampleJob' was not found in storage account 'xttest'.", values[1].GetProperty("ExtendedInformation").GetString());
        Assert.Single(values[0].EnumerateObject());
        Assert.Single(values[1].EnumerateObject());
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public async Task Entry_carries_the_classic_standard_headers_and_an_exact_Content_Length(string name)
    {
        var (response, _, written) = await RenderClassicAsync(new FerryError(Entry(name), "Something went wrong."));

        Assert.Matches(RequestId(), response.Headers["x-ms-request-id"].ToString());
        Assert.Equal("2014-11-01", response.Headers["x-ms-version"].ToString());
        Assert.Equal("identity", response.Headers.ContentEncoding.ToString());
        Assert.True(written > 0);
        Assert.Equal(written, response.ContentLength);
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public async Task Entry_rendered_for_HEAD_has_no_body_but_the_length_of_the_GET_body(string name)
    {
        var error = new FerryError(Entry(name), "Something went wrong.");
        var (get, _, _) = await RenderClassicAsync(error);
        var (head, headBody, headWritten) = await RenderClassicAsync(error, "HEAD");

        Assert.Equal(JsonValueKind.Undefined, headBody.ValueKind);
        Assert.Equal(0, headWritten);
        Assert.Equal(Entry(name).Status, head.StatusCode);
        Assert.Equal(get.ContentLength, head.ContentLength);
    }

    /// <summary>docs/arm-api.md §6: the ARM codes each entry may answer with.</summary>
    private static readonly Dictionary<string, string> _armCodes = new()
    {
        ["BadRequest"] = "BadRequest",
        ["MissingOrIncorrectVersionHeader"] = "InvalidApiVersionParameter",
        ["InvalidHttpVerb"] = "MethodNotAllowed",
        ["InvalidRequestContent"] = "InvalidRequestContent",
        ["Unauthorized"] = "AuthenticationFailed",
        ["AuthenticationFailed"] = "AuthorizationFailed",
        ["SubscriptionDisabled"] = "SubscriptionNotRegistered",
        ["ResourceNotFound"] = "ResourceNotFound",
        ["PathNotFound"] = "NotFound",
        ["MethodNotAllowed"] = "MethodNotAllowed",
        ["NotAcceptable"] = "NotAcceptable",
        ["Conflict"] = "Conflict",
        ["QuotaExceeded"] = "QuotaExceeded",
        ["PreconditionFailed"] = "PreconditionFailed",
        ["RequestBodyTooLarge"] = "RequestBodyTooLarge",
        ["RequestTimeout"] = "RequestTimeout",
        ["InternalError"] = "InternalServerError",
        ["ServiceUnavailable"] = "ServiceUnavailable",
    };

    [Fact]
    public void Every_catalog_entry_has_an_expected_ARM_code_and_the_table_has_no_stale_rows() =>
        Assert.Equal(_armCodes.Keys.Order(), FerryErrors.All.Select(k => k.Name).Order());

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public async Task Entry_renders_in_the_ARM_error_envelope_with_its_code_message_and_target(string name)
    {
        var kind = Entry(name);
        var http = new DefaultHttpContext();
        http.Request.Headers["x-ms-client-request-id"] = "c1";
        http.Response.Body = new MemoryStream();

        await new Ferry.Server.Arm.ArmExchange(http).ErrorAsync(new FerryError(kind, "The job was not found.", "jobName"));

        http.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(http.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        var body = document.RootElement;
        Assert.Equal(kind.Status, http.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", http.Response.ContentType);
        Assert.Equal(http.Response.Body.Length, http.Response.ContentLength);
        var error = body.GetProperty("error");
        Assert.Equal(["code", "message", "target"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(_armCodes[name], error.GetProperty("code").GetString());
        Assert.Equal("The job was not found.", error.GetProperty("message").GetString());
        Assert.Equal("jobName", error.GetProperty("target").GetString());
        Assert.True(Guid.TryParse(http.Response.Headers["x-ms-request-id"].ToString(), out _));
        Assert.Equal("c1", http.Response.Headers["x-ms-client-request-id"].ToString());
        Assert.Equal(kind.Status == 401, http.Response.Headers.WWWAuthenticate.Count > 0);
    }
}
