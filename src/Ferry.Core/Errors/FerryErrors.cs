namespace Ferry.Core.Errors;

/// <summary>
/// The error catalog: the only place where an error code, its HTTP status and its message are born.
/// Surfaces render a <see cref="FerryError"/> in their own envelope.
/// </summary>
public static class FerryErrors
{
    /// <summary>400: the request is malformed or violates a field rule.</summary>
    public static readonly FerryErrorKind BadRequest = new("BadRequest", 400, "BadRequest", "BadRequest", "The request is invalid.");

    /// <summary>400: x-ms-version missing or unsupported.</summary>
    public static readonly FerryErrorKind MissingOrIncorrectVersionHeader = new("MissingOrIncorrectVersionHeader", 400, "MissingOrIncorrectVersionHeader", "InvalidApiVersionParameter", "The versioning header is not specified or was specified incorrectly.");

    /// <summary>400: the verb is not supported on the path, or a bad X-HTTP-Method.</summary>
    public static readonly FerryErrorKind InvalidHttpVerb = new("InvalidHttpVerb", 400, "InvalidHttpVerb", "MethodNotAllowed", "The HTTP verb specified was not recognized by the server.");

    /// <summary>400: the request body is missing where required, not JSON, or not an object.</summary>
    public static readonly FerryErrorKind InvalidRequestContent = new("InvalidRequestContent", 400, "BadRequest", "InvalidRequestContent", "The request content is invalid.");

    /// <summary>401: no valid credential for a bearer-token surface (operator, ARM).</summary>
    public static readonly FerryErrorKind Unauthorized = new("Unauthorized", 401, "AuthenticationFailed", "AuthenticationFailed", "The request lacks valid authentication credentials.");

    /// <summary>403: the caller could not be authenticated for the subscription.</summary>
    public static readonly FerryErrorKind AuthenticationFailed = new("AuthenticationFailed", 403, "AuthenticationFailed", "AuthorizationFailed", "The server failed to authenticate the request. Verify that the certificate is valid and is associated with this subscription.");

    /// <summary>403: the subscription is disabled.</summary>
    public static readonly FerryErrorKind SubscriptionDisabled = new("SubscriptionDisabled", 403, "SubscriptionDisabled", "SubscriptionNotRegistered", "The subscription is disabled.");

    /// <summary>404: no such resource.</summary>
    public static readonly FerryErrorKind NotFound = new("ResourceNotFound", 404, "ResourceNotFound", "ResourceNotFound", "The specified resource does not exist.");

    /// <summary>404: no resource type lives at the path (as opposed to a missing job or location).</summary>
    public static readonly FerryErrorKind PathNotFound = new("PathNotFound", 404, "ResourceNotFound", "NotFound", "No resource type exists at the requested path.");

    /// <summary>405: the path exists but does not support the method.</summary>
    public static readonly FerryErrorKind MethodNotAllowed = new("MethodNotAllowed", 405, "InvalidHttpVerb", "MethodNotAllowed", "The HTTP method is not supported on this resource.");

    /// <summary>406: the requested representation is not available.</summary>
    public static readonly FerryErrorKind NotAcceptable = new("NotAcceptable", 406, "NotAcceptable", "NotAcceptable", "The requested media type is not supported.");

    /// <summary>409: the request conflicts with the job's state or a limit.</summary>
    public static readonly FerryErrorKind Conflict = new("Conflict", 409, "ConflictError", "Conflict", "The request conflicts with the current state of the resource.");

    /// <summary>409: the subscription reached its active-job limit (docs/decisions.md D6).</summary>
    public static readonly FerryErrorKind QuotaExceeded = new("QuotaExceeded", 409, "ConflictError", "QuotaExceeded", "The subscription has reached its limit of active jobs.");

    /// <summary>412: a conditional header was not met.</summary>
    public static readonly FerryErrorKind PreconditionFailed = new("PreconditionFailed", 412, "PreconditionFailed", "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met.");

    /// <summary>413: the request body is larger than the server accepts.</summary>
    public static readonly FerryErrorKind RequestTooLarge = new("RequestBodyTooLarge", 413, "BadRequest", "RequestBodyTooLarge", "The request body is too large.");

    /// <summary>408: the request body arrived too slowly (below the server's minimum data rate).</summary>
    public static readonly FerryErrorKind RequestTimeout = new("RequestTimeout", 408, "OperationTimedOut", "RequestTimeout", "The request body did not arrive in time.");

    /// <summary>500: an unexpected failure.</summary>
    public static readonly FerryErrorKind InternalError = new("InternalError", 500, "InternalError", "InternalServerError", "The server encountered an internal error. Please retry the request.");

    /// <summary>503: the database is unreachable or cannot be written; nothing was changed, retry after <c>Retry-After</c> (docs/architecture.md §8.5).</summary>
    public static readonly FerryErrorKind ServiceUnavailable = new("ServiceUnavailable", 503, "ServerBusy", "ServiceUnavailable", "The server is currently unable to receive requests. Please retry your request.");

    /// <summary>Every catalog entry, for rendering tests.</summary>
    public static IReadOnlyList<FerryErrorKind> All { get; } =
    [
        BadRequest, MissingOrIncorrectVersionHeader, InvalidHttpVerb, InvalidRequestContent, Unauthorized, AuthenticationFailed, SubscriptionDisabled,
        NotFound, PathNotFound, MethodNotAllowed, NotAcceptable, Conflict, QuotaExceeded, PreconditionFailed, RequestTooLarge, RequestTimeout, InternalError,
        ServiceUnavailable,
    ];

    /// <summary>A 400 naming the field at fault.</summary>
    public static FerryError Invalid(string target, string message) => new(BadRequest, message, target);

    /// <summary>404 for a job.</summary>
    public static FerryError JobNotFound(string jobName, string storageAccount) =>
        new(NotFound, $"Job '{jobName}' was not found in storage account '{storageAccount}'.", "job");

    /// <summary>404 for an ARM job, in ARM's wording.</summary>
    public static FerryError ArmJobNotFound(string jobName, string resourceGroup) =>
        new(NotFound, $"The Resource 'Microsoft.ImportExport/jobs/{jobName}' under resource group '{resourceGroup}' was not found.", "jobName");

    /// <summary>409 naming the state that forbids the change.</summary>
    public static FerryError StateConflict(string message) => new(Conflict, message);

    /// <summary>412.</summary>
    public static FerryError ConditionNotMet(string message) => new(PreconditionFailed, message);
}
