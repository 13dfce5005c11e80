using Ferry.Core.Errors;
using Ferry.Core.Subscriptions;
using Ferry.Server.Hosting;

namespace Ferry.Server.Operator;

/// <summary>
/// <c>/operator/storage-accounts</c> (docs/operator-api.md §1): the credentials ARM jobs' data path uses, registered
/// per storage account resource id. Answers carry the credential's type, never the credential.
/// </summary>
internal static class OperatorStorageAccounts
{
    public const string Path = "/storage-accounts";

    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet(Path, ListAsync).WithName("ListStorageAccounts").WithSummary("The registered storage accounts.")
            .Produces<ValueList<StorageAccountView>>();
        root.MapPut(Path, RegisterAsync).WithName("RegisterStorageAccount").WithSummary("Registers or replaces a storage account's credential.")
            .Produces<StorageAccountView>().Produces<StorageAccountView>(StatusCodes.Status201Created);
        root.MapDelete(Path, RemoveAsync).WithName("RemoveStorageAccount").WithSummary("Removes a storage account's credential.")
            .Produces<DeletedView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext http, StorageAccountRegistry registry)
    {
        var accounts = await registry.ListAsync(http.RequestAborted);
        return TypedResults.Json(new ValueList<StorageAccountView>([.. accounts.Select(StorageAccountView.From)]), FerryJson.Options);
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, StorageAccountRegistry registry)
    {
        var body = await OperatorJson.ReadAsync<RegisterStorageAccountRequest>(http.Request, empty: null);
        if (body.Error is { } invalid)
        {
            return ProblemDetailsRenderer.ToResult(invalid);
        }

        var (id, accountKey, containerSas) = body.Value!;
        var registered = await registry.RegisterAsync(id, accountKey, containerSas, http.RequestAborted);
        if (registered.Error is { } refused)
        {
            return ProblemDetailsRenderer.ToResult(refused);
        }

        var (registration, created) = registered.Value!;
        if (created)
        {
            http.Response.Headers.Location = OperatorApi.Prefix + Path + "?id=" + Uri.EscapeDataString(registration.Id);
        }

        return TypedResults.Json(StorageAccountView.From(registration), FerryJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, StorageAccountRegistry registry)
    {
        var ids = http.Request.Query["id"];
        if (ids.Count != 1 || string.IsNullOrEmpty(ids[0]))
        {
            return ProblemDetailsRenderer.ToResult(FerryErrors.Invalid(StorageAccountRegistry.IdField, "Name the storage account once, as the query parameter 'id' (its URL-encoded resource id)."));
        }

        var removed = await registry.RemoveAsync(ids[0], http.RequestAborted);
        return removed.Error is { } error ? ProblemDetailsRenderer.ToResult(error) : TypedResults.Json(new DeletedView(true), FerryJson.Options);
    }
}
