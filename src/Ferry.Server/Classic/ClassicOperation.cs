namespace Ferry.Server.Classic;

/// <summary>The resources of the classic surface that the router recognises.</summary>
internal enum ClassicResource
{
    ServiceDocument,
    Metadata,
    Locations,
    StorageAccounts,
    Jobs,
    Job,
}

/// <summary>A routed request: the resource, the account and job segments, and the effective method.</summary>
internal sealed record ClassicRoute(ClassicResource Resource, string? Account, string? Job)
{
    /// <summary>Parses the part of the path after <c>/services/importexport</c>; null for an unknown path.</summary>
    public static ClassicRoute? ParseOrNull(string? rest)
    {
        var segments = (rest ?? "").Split('/', StringSplitOptions.None);
        var count = segments.Length;
        if (count > 0 && segments[^1].Length == 0)
        {
            count--;
        }

        bool Is(int index, string literal) => string.Equals(segments[index], literal, StringComparison.OrdinalIgnoreCase);
        return count switch
        {
            0 => new ClassicRoute(ClassicResource.ServiceDocument, null, null),
            1 when Is(0, "$metadata") => new ClassicRoute(ClassicResource.Metadata, null, null),
            1 when Is(0, "locations") => new ClassicRoute(ClassicResource.Locations, null, null),
            1 when Is(0, "storageaccounts") => new ClassicRoute(ClassicResource.StorageAccounts, null, null),
            3 when Is(0, "storageaccounts") && Is(2, "jobs") && segments[1].Length > 0 =>
                new ClassicRoute(ClassicResource.Jobs, segments[1], null),
            4 when Is(0, "storageaccounts") && Is(2, "jobs") && segments[1].Length > 0 && segments[3].Length > 0 =>
                new ClassicRoute(ClassicResource.Job, segments[1], segments[3]),
            _ => null,
        };
    }

    /// <summary>The operation's name for telemetry (docs/architecture.md §9), e.g. <c>Get Job</c>; <c>Unsupported</c> for a method the resource lacks.</summary>
    public string OperationName(string method) => !Supports(method) ? "Unsupported" : Resource switch
    {
        ClassicResource.ServiceDocument => "Get Service Document",
        ClassicResource.Metadata => "Get Metadata",
        ClassicResource.Locations => "List Locations",
        ClassicResource.StorageAccounts => "List Storage Accounts",
        ClassicResource.Jobs => "List Jobs",
        _ => method switch
        {
            "GET" or "HEAD" => "Get Job",
            "PUT" => "Put Job",
            "PATCH" => "Update Job",
            _ => "Delete Job",
        },
    };

    /// <summary>Whether the resource supports the (effective) method.</summary>
    public bool Supports(string method) => Resource switch
    {
        ClassicResource.ServiceDocument or ClassicResource.Metadata or ClassicResource.Jobs => method == "GET",
        ClassicResource.Locations or ClassicResource.StorageAccounts => method is "GET" or "HEAD",
        ClassicResource.Job => method is "GET" or "HEAD" or "PUT" or "PATCH" or "DELETE",
        _ => false,
    };
}
