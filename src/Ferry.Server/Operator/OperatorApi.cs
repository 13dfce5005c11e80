using Ferry.Core.Audit;
using Ferry.Core.Emulation;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Ferry.Server.Hosting;

namespace Ferry.Server.Operator;

/// <summary>
/// The operator surface (docs/operator-api.md §1): the data-centre steps of docs/lifecycle.md §6 over HTTP, behind a
/// bearer token. Each handler translates between the wire and <see cref="DataCentre"/>, which decides.
/// </summary>
internal static class OperatorApi
{
    public const string Prefix = "/operator";
    public const string ClassicJob = "/subscriptions/{subscriptionId}/jobs/{jobName}";
    public const string ArmJob = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/jobs/{jobName}";
    public const string Drive = "/drives/{driveId}";

    public static IServiceCollection AddOperatorApi(this IServiceCollection services, string? developmentToken)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section)
            .Validate(o => o.Token is null || o.Token.Length >= OperatorOptions.MinTokenLength, $"Ferry:Operator:Token must have at least {OperatorOptions.MinTokenLength} characters.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
            new OperatorAuthenticator(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<OperatorOptions>>().Value.Token ?? developmentToken));
        return services;
    }

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        // docs/architecture.md §10: the group's metadata feeds the operator OpenAPI document; every route answers these problems.
        var root = app.MapGroup(Prefix).AddEndpointFilter(AuthenticateAsync)
            .WithGroupName(ApiDescriptions.Operator).WithTags("Operator")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        root.MapGet("/emulation", GetEmulation).WithName("GetEmulation").WithSummary("The emulation settings.").Produces<EmulationView>();
        root.MapPut("/emulation", SetEmulationAsync).WithName("SetEmulation").WithSummary("Changes the emulation's progression.").Produces<EmulationView>().ProducesProblem(StatusCodes.Status409Conflict);
        root.MapDelete("/subscriptions/{subscriptionId}/jobs", ResetAsync).WithName("ResetSubscription")
            .WithSummary("Deletes every job of a subscription.").Produces<ResetView>();
        OperatorStorageAccounts.Map(root);
        OperatorCertificates.Map(root);
        OperatorJobSearch.Map(root);
        foreach (var (job, surface) in new[] { (root.MapGroup(ClassicJob), "Classic"), (root.MapGroup(ArmJob), "Arm") })
        {
            job.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
            Step(job.MapGet("", GetJobAsync), surface, "GetJob", "The job as operators see it."); // view
            job.MapGet("/history", HistoryAsync).WithName(surface + "JobHistory").WithSummary("The job's audit trail.")
                .Produces<ValueList<AuditEntryView>>(); // audit trail
            Step(job.MapPost("/receive", ReceivePackageAsync), surface, "ReceivePackage", "R1: the package arrived."); // R1
            Step(job.MapPost("/close", CloseAsync), surface, "CloseJob", "N2: closes a job whose drives never arrived."); // N2
            Step(job.MapPost("/ship-back", ShipBackAsync), surface, "ShipBack", "S1: the drives go back."); // S1
            Step(job.MapPost(Drive + "/receive", ReceiveDriveAsync), surface, "ReceiveDrive", "R2: one drive arrived."); // R2
            Step(job.MapPost(Drive + "/never-received", NeverReceivedAsync), surface, "DriveNeverReceived", "N1: a drive never arrived."); // N1
            Step(job.MapPost(Drive + "/start", StartCopyAsync), surface, "StartCopy", "C1: the copy starts."); // C1
            Step(job.MapPost(Drive + "/progress", ProgressAsync), surface, "CopyProgress", "C2: copy progress."); // C2
            Step(job.MapPost(Drive + "/complete", CompleteAsync), surface, "CompleteCopy", "C3: the copy finished."); // C1 if needed, C3
            Step(job.MapPost(Drive + "/fail", FailAsync), surface, "FailCopy", "C3: the copy failed."); // C1 if needed, C3
        }

        // Anything else under /operator is a problem-details 404, not an empty one.
        root.Map("/{**rest}", () => Problem(new FerryError(FerryErrors.NotFound, "The operator surface has no such resource.")))
            .ExcludeFromDescription();
        return app;
    }

    private static RouteHandlerBuilder Step(RouteHandlerBuilder step, string surface, string name, string summary) =>
        step.WithName(surface + name).WithSummary(summary).Produces<OperatorJobView>();

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var authenticator = context.HttpContext.RequestServices.GetRequiredService<OperatorAuthenticator>();
        var request = context.HttpContext.Request;
        if (authenticator.Authenticate(request) is { } refused)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(refused);
        }

        if (ClientInput.CheckPathAndQuery(request) is { } badText)
        {
            return Problem(badText);
        }

        try
        {
            return await next(context);
        }
        catch (OperationCanceledException gone) when (ClientDisconnectedException.IsClientGone(gone, context.HttpContext))
        {
            // The client went away; nothing to answer.
            return TypedResults.Empty;
        }
        catch (BadHttpRequestException refusal) when (!context.HttpContext.Response.HasStarted)
        {
            return Problem(ClientInput.FromKestrel(refusal));
        }
        catch (Exception e) when (!context.HttpContext.Response.HasStarted && DatabaseFailures.IsTransient(e))
        {
            // The database is down or its file cannot be written: 503, nothing changed (docs/architecture.md §8.5).
            return Problem(context.HttpContext.RequestServices.GetRequiredService<DatabaseOutage>().Refuse(context.HttpContext, e));
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(FerryError error) => ProblemDetailsRenderer.ToResult(error);

    private static JobKey Key(HttpContext http)
    {
        var group = http.GetRouteValue("resourceGroup") as string;
        return new JobKey(group is null ? ApiSurface.Classic : ApiSurface.Arm, (string)http.GetRouteValue("subscriptionId")!, group ?? "", (string)http.GetRouteValue("jobName")!, null);
    }

    private static string DriveId(HttpContext http) => (string)http.GetRouteValue("driveId")!;

    private static IResult Answer(Result<Job> result) =>
        result.Error is { } error ? Problem(error) : TypedResults.Json(OperatorJobView.From(result.Value!), FerryJson.Options);

    private static async Task<IResult> GetJobAsync(HttpContext http, DataCentre dc) =>
        Answer(await dc.GetAsync(Key(http), http.RequestAborted));

    private static async Task<IResult> HistoryAsync(HttpContext http, DataCentre dc)
    {
        var history = await dc.HistoryAsync(Key(http), http.RequestAborted);
        return history.Error is { } error
            ? Problem(error)
            : TypedResults.Json(new ValueList<AuditEntryView>([.. history.Value!.Select(AuditEntryView.From)]), FerryJson.Options);
    }

    private static async Task<IResult> ReceivePackageAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync<ReceivePackageRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        if (body.Value!.Drives is not { } drives || drives.Any(d => d is null || d.DriveId is null))
        {
            return Problem(FerryErrors.Invalid("drives", "The package needs a list of drives, each with a driveId."));
        }

        return Answer(await dc.ReceivePackageAsync(Key(http), [.. drives.Select(d => new ReceivedDrive(d.DriveId!, d.ContentPath))], Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> ReceiveDriveAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync(http.Request, new ReceiveDriveRequest(null));
        return body.Error is { } invalid
            ? Problem(invalid)
            : Answer(await dc.ReceiveDriveAsync(Key(http), DriveId(http), body.Value!.ContentPath, Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> NeverReceivedAsync(HttpContext http, DataCentre dc) =>
        await EmptyBodyAsync(http.Request) is { } invalid
            ? Problem(invalid)
            : Answer(await dc.MarkNeverReceivedAsync(Key(http), DriveId(http), Actor.Operator, http.RequestAborted));

    private static async Task<IResult> CloseAsync(HttpContext http, DataCentre dc) =>
        await EmptyBodyAsync(http.Request) is { } invalid
            ? Problem(invalid)
            : Answer(await dc.CloseAsync(Key(http), Actor.Operator, http.RequestAborted));

    private static async Task<IResult> StartCopyAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync(http.Request, new StartCopyRequest(null));
        return body.Error is { } invalid
            ? Problem(invalid)
            : Answer(await dc.StartCopyAsync(Key(http), DriveId(http), body.Value!.ContentPath, Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> ProgressAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync<ProgressRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        if (body.Value!.PercentComplete is not { } percent)
        {
            return Problem(FerryErrors.Invalid("percentComplete", "percentComplete is required."));
        }

        return Answer(await dc.ReportProgressAsync(Key(http), DriveId(http), percent, body.Value.BytesSucceeded ?? 0, Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync(http.Request, new CompleteDriveRequest(null, null, null));
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        var (status, moreInfo, bytes) = body.Value!;
        if (status is { } given && given is not (CopyStatus.Completed or CopyStatus.CompletedWithWarnings))
        {
            return Problem(FerryErrors.Invalid("copyStatus", $"A completed copy has status Completed or CompletedWithWarnings; use /fail for {given}."));
        }

        return Answer(await dc.FinishCopyAsync(Key(http), DriveId(http), status ?? CopyStatus.Completed, moreInfo ?? false, bytes, startIfNeeded: true, Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> FailAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync<FailDriveRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        if (body.Value!.CopyStatus is not { } status || status is CopyStatus.None or CopyStatus.InProgress or CopyStatus.Completed or CopyStatus.CompletedWithWarnings)
        {
            return Problem(FerryErrors.Invalid("copyStatus", "A failed copy needs a failure copyStatus (e.g. ManifestNotFound, CompletedWithErrors, DiskNotFound)."));
        }

        return Answer(await dc.FinishCopyAsync(Key(http), DriveId(http), status, moreInfo: true, body.Value.BytesSucceeded, startIfNeeded: true, Actor.Operator, http.RequestAborted));
    }

    private static async Task<IResult> ShipBackAsync(HttpContext http, DataCentre dc)
    {
        var body = await OperatorJson.ReadAsync<ShipBackRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        var (carrier, tracking, count, date) = body.Value!;
        var package = new ShippingPackage(carrier ?? "", tracking ?? "", count, date);
        return Answer(await dc.ShipBackAsync(Key(http), package, Actor.Operator, http.RequestAborted));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<EmulationView> GetEmulation(EmulationControl control) => TypedResults.Json(View(control), FerryJson.Options);

    private static async Task<IResult> SetEmulationAsync(HttpContext http, EmulationControl control, ILoggerFactory loggers)
    {
        var body = await OperatorJson.ReadAsync<EmulationRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return Problem(invalid);
        }

        if (body.Value!.Progression is not { } progression)
        {
            return Problem(FerryErrors.Invalid("progression", "progression is required: Immediate, Delayed or Manual."));
        }

        var set = control.Set(progression, body.Value.StepDelay);
        if (set.Error is { } refused)
        {
            return Problem(refused);
        }

        OperatorLog.EmulationChanged(loggers.CreateLogger(typeof(OperatorApi).FullName!), progression, control.Current.StepDelay);
        return TypedResults.Json(View(control), FerryJson.Options);
    }

    private static async Task<IResult> ResetAsync(HttpContext http, DataCentre dc)
    {
        var subscriptionId = (string)http.GetRouteValue("subscriptionId")!;
        return TypedResults.Json(new ResetView(await dc.ResetAsync(subscriptionId, Actor.Operator, http.RequestAborted)), FerryJson.Options);
    }

    private static EmulationView View(EmulationControl control)
    {
        var (progression, delay) = control.Current;
        return new EmulationView(control.Enabled, Path.GetFullPath(control.Options.DriveBay), progression, delay, control.Options.NeverReceivedAfter);
    }

    /// <summary>Steps without parameters take no body (an empty JSON object is tolerated).</summary>
    private static async Task<FerryError?> EmptyBodyAsync(HttpRequest request) =>
        (await OperatorJson.ReadAsync(request, new EmptyRequest())).Error;

    private sealed record EmptyRequest;
}
