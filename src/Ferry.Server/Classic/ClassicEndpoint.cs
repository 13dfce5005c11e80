using System.Text.Json;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Core.Locations;
using Ferry.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Classic;

/// <summary>
/// The classic surface's single entry point: routing, verb and tunnelling, authentication, version, negotiation
/// and conditional headers in the documented order (docs/classic-api.md §2.11), then the operation handlers. Handlers
/// translate; <see cref="JobService"/> decides.
/// </summary>
internal sealed partial class ClassicEndpoint(
    JobService jobs,
    LocationCatalog locations,
    ClassicAuthenticator authenticator,
    IOptions<ClassicApiOptions> options,
    DatabaseOutage outage,
    ILogger<ClassicEndpoint> logger)
{
    private static readonly byte[] _metadata = LoadMetadata();

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var pathSubscription = (string)http.GetRouteValue("subscriptionId")!;
        var subscriptionId = Guid.TryParse(pathSubscription, out var guid) ? guid.ToString() : "";
        var baseUrl = $"{request.Scheme}://{request.Host}/{pathSubscription}/services/importexport";
        var requestedVersion = request.Headers["x-ms-version"].ToString();
        var x = new ClassicExchange(http, subscriptionId, baseUrl)
        {
            Method = request.Method.ToUpperInvariant(),

            // Errors found before the version check (404, 400 verb, 403) still echo a valid requested version.
            Version = ClassicVersions.IsSupported(requestedVersion) ? requestedVersion : ClassicVersions.Latest,
        };
        try
        {
            var (route, refusal) = await PrepareAsync(x);
            if (refusal is not null)
            {
                await x.ErrorAsync(refusal);
                return;
            }

            await DispatchAsync(x, route!);
        }
        catch (OperationCanceledException gone) when (ClientDisconnectedException.IsClientGone(gone, http))
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException refusal) when (!http.Response.HasStarted)
        {
            // Kestrel refused the body's framing or pace where it was read outside RequestBody: still the client's fault.
            await x.ErrorAsync(ClientInput.FromKestrel(refusal));
        }
        catch (Exception e) when (!http.Response.HasStarted && DatabaseFailures.IsTransient(e))
        {
            // The database is down or its file cannot be written: 503 ServerBusy, nothing changed (docs/architecture.md §8.5).
            await x.ErrorAsync(outage.Refuse(http, e));
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            LogUnexpected(e, request.Method, request.Path.Value ?? "");
            await x.ErrorAsync(new FerryError(FerryErrors.InternalError, "The server failed to process the request."));
        }
    }

    /// <summary>Checks everything up to the operation; returns the route, or the error to answer.</summary>
    private async Task<(ClassicRoute? Route, FerryError? Error)> PrepareAsync(ClassicExchange x)
    {
        var request = x.Http.Request;
        var route = ClassicRoute.ParseOrNull(x.Http.GetRouteValue("rest") as string);
        if (route is null)
        {
            RequestTelemetry.SetOperation(x.Http, "Unknown");
            return (null, new FerryError(FerryErrors.NotFound, $"No resource exists at '{request.Path}'."));
        }

        RequestTelemetry.SetOperation(x.Http, route.OperationName(x.Method));

        if (request.Headers.TryGetValue("X-HTTP-Method", out var tunnel))
        {
            var tunnelled = tunnel.ToString().Trim().ToUpperInvariant();
            if (x.Method != "GET" || tunnelled is not ("PUT" or "PATCH" or "DELETE"))
            {
                return (route, new FerryError(FerryErrors.InvalidHttpVerb, $"X-HTTP-Method '{tunnel}' is not supported: only a GET may carry PUT, PATCH or DELETE.", "X-HTTP-Method"));
            }

            x.Method = tunnelled;
            RequestTelemetry.SetOperation(x.Http, route.OperationName(x.Method));
        }

        if (!route.Supports(x.Method))
        {
            return (route, new FerryError(FerryErrors.InvalidHttpVerb, $"The {x.Method} verb is not supported on this resource."));
        }

        if (await authenticator.AuthenticateAsync(x.Http, x.SubscriptionId) is { } denied)
        {
            return (route, denied);
        }

        if (ClientInput.CheckPathAndQuery(request) is { } badText)
        {
            return (route, badText);
        }

        var version = request.Headers["x-ms-version"].ToString();
        if (!ClassicVersions.IsSupported(version))
        {
            return (route, new FerryError(FerryErrors.MissingOrIncorrectVersionHeader,
                version.Length == 0 ? "The x-ms-version header is required." : $"x-ms-version '{version}' is not supported; use 2014-05-01 or 2014-11-01.", "x-ms-version"));
        }

        x.Version = version;
        if (route.Resource == ClassicResource.Metadata)
        {
            if ((ClassicNegotiation.XmlAccept(request.Headers.Accept) ?? ClassicNegotiation.ContentType(request.ContentType, "application/xml")) is { } xmlRefusal)
            {
                return (route, xmlRefusal);
            }
        }
        else
        {
            var level = ClassicNegotiation.JsonLevel(request.Headers.Accept, request.Query["$format"].FirstOrDefault());
            if ((level.Error ?? ClassicNegotiation.ContentType(request.ContentType, "application/json")) is { } jsonRefusal)
            {
                return (route, jsonRefusal);
            }

            x.Level = level.Value;
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding && !encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return (route, FerryErrors.Invalid("Content-Encoding", $"Content-Encoding '{encoding}' is not supported; send identity."));
        }

        if (x.Method is "GET" or "HEAD" or "DELETE" && request.ContentLength is > 0)
        {
            return (route, FerryErrors.Invalid("Content-Length", $"A {x.Method} request must not have a body."));
        }

        return (route, null);
    }

    private Task DispatchAsync(ClassicExchange x, ClassicRoute route) => route.Resource switch
    {
        ClassicResource.ServiceDocument => x.JsonAsync(200, ClassicJson.Render(w => ClassicJson.ServiceDocument(w, x))),
        ClassicResource.Metadata => x.XmlAsync(_metadata),
        ClassicResource.Locations => ListLocationsAsync(x),
        ClassicResource.StorageAccounts => ListStorageAccountsAsync(x),
        ClassicResource.Jobs => ListJobsAsync(x, route.Account!),
        _ => JobAsync(x, route.Account!, route.Job!),
    };

    private Task ListLocationsAsync(ClassicExchange x)
    {
        var origin = x.Http.Request.Query["originlocation"].FirstOrDefault();
        var selected = origin is null ? locations.All : locations.ForOrigin(origin);
        var body = ClassicJson.Render(w => ClassicJson.Collection(w, x, "Locations", selected.Count, selected, (jw, l) => ClassicJson.Location(jw, x, l)));
        return x.JsonAsync(200, body);
    }

    private async Task ListStorageAccountsAsync(ClassicExchange x)
    {
        var accounts = await jobs.ListStorageAccountsAsync(ApiSurface.Classic, x.SubscriptionId, x.Aborted);
        var body = ClassicJson.Render(w => ClassicJson.Collection(w, x, "StorageAccounts", accounts.Count, accounts, (jw, a) => ClassicJson.StorageAccount(jw, x, a)));
        await x.JsonAsync(200, body);
    }

    private async Task ListJobsAsync(ClassicExchange x, string account)
    {
        var parsed = ClassicListQuery.Parse(x.Http.Request.Query, options.Value.MaxPageSize);
        if (parsed.Error is { } invalid)
        {
            await x.ErrorAsync(invalid);
            return;
        }

        var q = parsed.Value!;
        var page = await jobs.ListAsync(new JobListQuery
        {
            Surface = ApiSurface.Classic,
            SubscriptionId = x.SubscriptionId,
            StorageAccountName = account.ToLowerInvariant(),
            Type = q.Type,
            CreatedFrom = q.From,
            CreatedTo = q.To,
            States = q.States,
            AfterNameKey = q.AfterNameKey,
            PageSize = Math.Max(q.PageSize, 1),
            IncludeTotal = true,
        }, x.Aborted);
        var items = q.PageSize == 0 ? [] : page.Jobs;
        var next = page.HasMore && q.PageSize > 0 && (q.Top is null || q.Top > items.Count)
            ? q.NextLink($"{x.BaseUrl}/storageaccounts/{account}/jobs", items[^1].NameKey, items.Count)
            : null;
        var body = ClassicJson.Render(w => ClassicJson.Collection(w, x, "Jobs", page.Total ?? 0, items,
            (jw, job) => ClassicJson.Job(jw, x, job, locations.FindOrNull(job.Location), details: false, _ => null), next));
        await x.JsonAsync(200, body);
    }

    private async Task JobAsync(ClassicExchange x, string account, string jobName)
    {
        var condition = ClassicConditions.Read(x.Http.Request.Headers);
        if (condition.Error is { } badCondition)
        {
            await x.ErrorAsync(badCondition);
            return;
        }

        var key = JobKey.Classic(x.SubscriptionId, account, jobName);
        switch (x.Method)
        {
            case "GET" or "HEAD":
                var found = await jobs.GetAsync(key, condition.Value!, x.Aborted);
                if (found.Error is { } getError)
                {
                    await x.ErrorAsync(getError);
                    return;
                }

                var job = found.Value!;
                x.Validators(job);
                await x.JsonAsync(200, ClassicJson.Render(w => ClassicJson.Job(w, x, job, locations.FindOrNull(job.Location), details: true, d => jobs.RevealBitLockerKey(job, d))));
                return;
            case "PUT":
                var putBody = await ReadBodyAsync(x);
                var put = putBody.Error ?? (await jobs.PutAsync(key, condition.Value!,
                    () => Parse(putBody.Value!, root => ClassicJobReader.ReadCreate(root, x.Version, account, jobName, locations)), x.Aborted)) switch
                {
                    { Error: { } e } => e,
                    { Value: { } outcome } => Written(x, outcome.Job),
                    _ => null,
                };
                await (put is null ? x.EmptyAsync(201) : x.ErrorAsync(put));
                return;
            case "PATCH":
                var patchBody = await ReadBodyAsync(x);
                var patch = patchBody.Error ?? (await jobs.UpdateAsync(key, condition.Value!, () => Parse(patchBody.Value!, ClassicJobReader.ReadUpdate), x.Aborted)) switch
                {
                    { Error: { } e } => e,
                    { Value: { } updated } => Written(x, updated),
                    _ => null,
                };
                await (patch is null ? x.EmptyAsync(200) : x.ErrorAsync(patch));
                return;
            default:
                var deleted = await jobs.DeleteAsync(key, condition.Value!, x.Aborted);
                await (deleted.Error is { } deleteError ? x.ErrorAsync(deleteError) : x.EmptyAsync(200));
                return;
        }
    }

    private static FerryError? Written(ClassicExchange x, Job job)
    {
        x.Validators(job);
        x.Http.Response.Headers["DataServiceId"] = $"{x.BaseUrl}/jobs/{job.Name}";
        return null;
    }

    private async Task<Result<byte[]>> ReadBodyAsync(ClassicExchange x)
    {
        var body = await RequestBody.ReadAsync(x.Http.Request, options.Value.MaxRequestBodyBytes, x.Aborted);
        return body.Value is { Length: 0 } ? FerryErrors.Invalid("body", "The request needs a JSON body.") : body;
    }

    private static Result<T> Parse<T>(byte[] body, Func<JsonElement, Result<T>> read)
    {
        try
        {
            if (!ClientInput.IsUtf8(body))
            {
                return ClientInput.NotUtf8(FerryErrors.BadRequest);
            }

            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            return ClientInput.CheckText(document.RootElement, FerryErrors.BadRequest) is { } badText ? badText : read(document.RootElement);
        }
        catch (JsonException e)
        {
            return FerryErrors.Invalid("body", $"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
        }
    }

    private static byte[] LoadMetadata()
    {
        using var stream = typeof(ClassicEndpoint).Assembly.GetManifestResourceStream("Ferry.Server.Classic.Metadata.xml")
            ?? throw new InvalidOperationException("The metadata document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
