using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Arm;

/// <summary>
/// The ARM surface's entry point. Checks run in the documented order (docs/arm-api.md §2.6): route (404/405),
/// <c>Authorization</c> (401/403), <c>api-version</c> (400), body is a JSON object (400), then the operation, where
/// <see cref="JobService"/> decides lookup (404), field rules (400) and state rules (409). Handlers translate.
/// </summary>
internal sealed partial class ArmEndpoint(
    JobService jobs,
    ArmLocationCatalog locations,
    ArmAuthenticator authenticator,
    IOptions<ArmApiOptions> options,
    IOptions<JobRulesOptions> rules,
    DatabaseOutage outage,
    ILogger<ArmEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http, ArmRoute route)
    {
        var x = new ArmExchange(http);
        RequestTelemetry.SetOperation(http, OperationName(route, http.Request.Method));
        try
        {
            if (await PrepareAsync(x, route) is { } refusal)
            {
                await x.ErrorAsync(refusal);
                return;
            }

            await DispatchAsync(x, route);
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
            // The database is down or its file cannot be written: 503 ServiceUnavailable, nothing changed (docs/architecture.md §8.5).
            await x.ErrorAsync(outage.Refuse(http, e));
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            LogUnexpected(e, http.Request.Method, http.Request.Path.Value ?? "");
            await x.ErrorAsync(new FerryError(FerryErrors.InternalError, "The server failed to process the request."));
        }
    }

    /// <summary>The operation's name for telemetry (docs/architecture.md §9): the REST API's operation id, e.g. <c>Jobs_Get</c>.</summary>
    internal static string OperationName(ArmRoute route, string method) => (route, method.ToUpperInvariant()) switch
    {
        (ArmRoute.Operations, "GET") => "Operations_List",
        (ArmRoute.Locations, "GET") => "Locations_List",
        (ArmRoute.Location, "GET") => "Locations_Get",
        (ArmRoute.SubscriptionJobs, "GET") => "Jobs_ListBySubscription",
        (ArmRoute.ResourceGroupJobs, "GET") => "Jobs_ListByResourceGroup",
        (ArmRoute.Job, "GET") => "Jobs_Get",
        (ArmRoute.Job, "PUT") => "Jobs_Create",
        (ArmRoute.Job, "PATCH") => "Jobs_Update",
        (ArmRoute.Job, "DELETE") => "Jobs_Delete",
        (ArmRoute.BitLockerKeys, "POST") => "BitLockerKeys_List",
        (ArmRoute.Unknown, _) => "Unknown",
        _ => "Unsupported",
    };

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,36}$")]
    private static partial Regex SubscriptionIdPattern();

    [GeneratedRegex(@"^[-\w._()]{0,89}[-\w_()]$")]
    private static partial Regex ResourceGroupPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex JobNamePattern();

    private async Task<FerryError?> PrepareAsync(ArmExchange x, ArmRoute route)
    {
        var request = x.Http.Request;
        if (route == ArmRoute.Unknown)
        {
            return new FerryError(FerryErrors.PathNotFound, $"No resource type of Microsoft.ImportExport exists at '{request.Path}'.");
        }

        string[] methods = route switch
        {
            ArmRoute.Job => ["GET", "PUT", "PATCH", "DELETE"],
            ArmRoute.BitLockerKeys => ["POST"],
            _ => ["GET"],
        };
        if (!methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            x.Http.Response.Headers.Allow = string.Join(", ", methods);
            return new FerryError(FerryErrors.MethodNotAllowed, $"The {request.Method} method is not supported on this resource; use {string.Join(", ", methods)}.");
        }

        var subscription = x.Http.GetRouteValue("subscriptionId") as string;
        if (await authenticator.AuthenticateAsync(x.Http, subscription) is { } denied)
        {
            return denied;
        }

        var version = request.Query["api-version"].FirstOrDefault();
        if (!ArmVersions.IsSupported(version))
        {
            return new FerryError(FerryErrors.MissingOrIncorrectVersionHeader, string.IsNullOrEmpty(version)
                ? $"The api-version query parameter is required. Supported versions: {string.Join(", ", ArmVersions.Supported)}."
                : $"The api-version '{version}' is invalid. The supported versions are {string.Join(", ", ArmVersions.Supported)}.", "api-version");
        }

        x.ApiVersion = version!;
        if (ClientInput.CheckPathAndQuery(request) is { } badText)
        {
            return badText;
        }

        if (subscription is not null && !SubscriptionIdPattern().IsMatch(subscription))
        {
            return FerryErrors.Invalid("subscriptionId", $"'{subscription}' is not a subscription id.");
        }

        return x.Http.GetRouteValue("resourceGroupName") is string group && !ResourceGroupPattern().IsMatch(group)
            ? FerryErrors.Invalid("resourceGroupName", $"'{group}' is not a valid resource group name.")
            : null;
    }

    private Task DispatchAsync(ArmExchange x, ArmRoute route) => route switch
    {
        ArmRoute.Operations => x.JsonAsync(200, ArmOperations.Write),
        ArmRoute.Locations => x.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("value");
            foreach (var location in locations.All)
            {
                ArmJson.Location(w, location);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }),
        ArmRoute.Location => GetLocationAsync(x),
        ArmRoute.SubscriptionJobs or ArmRoute.ResourceGroupJobs => ListJobsAsync(x),
        ArmRoute.BitLockerKeys => ListBitLockerKeysAsync(x),
        _ => JobAsync(x),
    };

    private static string Subscription(ArmExchange x)
    {
        var raw = (string)x.Http.GetRouteValue("subscriptionId")!;
        return Guid.TryParse(raw, out var guid) ? guid.ToString() : raw.ToLowerInvariant();
    }

    private static JobKey Key(ArmExchange x) =>
        JobKey.Arm(Subscription(x), (string)x.Http.GetRouteValue("resourceGroupName")!, (string)x.Http.GetRouteValue("jobName")!);

    private Task GetLocationAsync(ArmExchange x)
    {
        var name = (string)x.Http.GetRouteValue("locationName")!;
        return locations.FindOrNull(name) is { } location
            ? x.JsonAsync(200, w => ArmJson.Location(w, location))
            : x.ErrorAsync(new FerryError(FerryErrors.NotFound, $"The location '{name}' is not an Import/Export location.", "locationName"));
    }

    private async Task ListJobsAsync(ArmExchange x)
    {
        var parsed = ArmListQuery.Parse(x.Http.Request.Query);
        if (parsed.Error is { } invalid)
        {
            await x.ErrorAsync(invalid);
            return;
        }

        var q = parsed.Value!;
        string? location = null;
        if (q.Location is { } wanted)
        {
            location = locations.FindOrNull(wanted)?.Name;
        }

        IReadOnlyList<Job> items = [];
        string? next = null;
        if (!q.MatchesNothing && (q.Location is null || location is not null))
        {
            var page = await jobs.ListAsync(new JobListQuery
            {
                Surface = ApiSurface.Arm,
                SubscriptionId = Subscription(x),
                ResourceGroupKey = (x.Http.GetRouteValue("resourceGroupName") as string)?.ToUpperInvariant(),
                Type = q.Type,
                States = q.States,
                NameKey = q.NameKey,
                Location = location,
                AfterResourceGroupKey = q.AfterResourceGroupKey,
                AfterNameKey = q.AfterNameKey,
                PageSize = Math.Min(options.Value.PageSize, q.Top ?? int.MaxValue),
            }, x.Aborted);
            items = page.Jobs;
            if (page.HasMore && items.Count > 0 && (q.Top is null || q.Top > items.Count))
            {
                next = q.NextLink(x.Http.Request, x.ApiVersion, items[^1], items.Count);
            }
        }

        var principal = options.Value.PrincipalName;
        await x.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("value");
            foreach (var job in items)
            {
                ArmJson.Job(w, job, locations.FindOrNull(job.Location), principal, withDrives: false);
            }

            w.WriteEndArray();
            if (next is not null)
            {
                w.WriteString("nextLink", next);
            }

            w.WriteEndObject();
        });
    }

    private async Task ListBitLockerKeysAsync(ArmExchange x)
    {
        var found = await jobs.GetAsync(Key(x), JobCondition.None, x.Aborted);
        if (found.Error is { } error)
        {
            await x.ErrorAsync(error);
            return;
        }

        var job = found.Value!;
        var keys = job.Drives.Select(d => (d.DriveId, Key: jobs.RevealBitLockerKey(job, d))).Where(k => k.Key is not null).ToList();
        await x.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("value");
            foreach (var (driveId, key) in keys)
            {
                w.WriteStartObject();
                w.WriteString("driveId", driveId);
                w.WriteString("bitLockerKey", key);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private async Task JobAsync(ArmExchange x)
    {
        var key = Key(x);
        var method = x.Http.Request.Method.ToUpperInvariant();
        if (method == "DELETE")
        {
            var deleted = await jobs.DeleteAsync(key, JobCondition.None, x.Aborted);
            await (deleted.Error is { } deleteError ? x.ErrorAsync(deleteError) : x.EmptyAsync());
            return;
        }

        if (method == "GET")
        {
            var found = await jobs.GetAsync(key, JobCondition.None, x.Aborted);
            await (found.Error is { } getError ? x.ErrorAsync(getError) : WriteJobAsync(x, 200, found.Value!));
            return;
        }

        var body = await ReadBodyAsync(x);
        if (body.Error is { } bodyError)
        {
            await x.ErrorAsync(bodyError);
            return;
        }

        using var document = body.Value!;
        var root = document.RootElement;
        var maxDrives = rules.Value.MaxDrivesPerJob;
        if (method == "PATCH")
        {
            var updated = await jobs.UpdateAsync(key, JobCondition.None, () => ArmJobReader.ReadUpdate(root, maxDrives), x.Aborted);
            await (updated.Error is { } updateError ? x.ErrorAsync(updateError) : WriteJobAsync(x, 200, updated.Value!));
            return;
        }

        // PUT: the body's field rules (400) come before the state rules (409) on this surface (docs/arm-api.md §2.6).
        if (!JobNamePattern().IsMatch(key.Name))
        {
            await x.ErrorAsync(FerryErrors.Invalid("jobName", $"Job name '{key.Name}' is invalid: use 2 to 64 letters, digits, '_' or '-', starting with a letter."));
            return;
        }

        var create = ArmJobReader.ReadCreate(root, locations, maxDrives);
        if (create.Error is { } createError)
        {
            await x.ErrorAsync(createError);
            return;
        }

        var put = await jobs.PutAsync(key, JobCondition.None, () => create, x.Aborted);
        await (put.Error is { } putError
            ? x.ErrorAsync(putError)
            : WriteJobAsync(x, put.Value!.Replaced ? 200 : 201, put.Value.Job));
    }

    private Task WriteJobAsync(ArmExchange x, int status, Job job) =>
        x.JsonAsync(status, w => ArmJson.Job(w, job, locations.FindOrNull(job.Location), options.Value.PrincipalName, withDrives: true));

    /// <summary>The body as a JSON object: 413 beyond the limit, 400 <c>InvalidRequestContent</c> when missing, not JSON, or not an object.</summary>
    private async Task<Result<JsonDocument>> ReadBodyAsync(ArmExchange x)
    {
        var read = await RequestBody.ReadAsync(x.Http.Request, options.Value.MaxRequestBodyBytes, x.Aborted);
        if (read.Error is { } unread)
        {
            return unread.Kind == FerryErrors.BadRequest ? unread with { Kind = FerryErrors.InvalidRequestContent } : unread;
        }

        var bytes = read.Value!;
        if (bytes.Length == 0)
        {
            return new FerryError(FerryErrors.InvalidRequestContent, "The request needs a JSON body.", "body");
        }

        if (!ClientInput.IsUtf8(bytes))
        {
            return ClientInput.NotUtf8(FerryErrors.InvalidRequestContent);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return new FerryError(FerryErrors.InvalidRequestContent,
                $"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).", "body");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return new FerryError(FerryErrors.InvalidRequestContent, "The request body must be a JSON object.", "body");
        }

        if (ClientInput.CheckText(document.RootElement, FerryErrors.InvalidRequestContent) is { } badText)
        {
            document.Dispose();
            return badText;
        }

        return document;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
