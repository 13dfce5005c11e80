using Ferry.Server.Classic;

namespace Ferry.UnitTests.Server.Classic;

/// <summary>The routing table of docs/classic-api.md §2.1: paths (case-insensitive literals, docs/decisions.md D12) and verbs.</summary>
public sealed class ClassicRouteTests
{
    [Theory]
    [InlineData(null, "ServiceDocument", null, null)]
    [InlineData("", "ServiceDocument", null, null)]
    [InlineData("$metadata", "Metadata", null, null)]
    [InlineData("$METADATA", "Metadata", null, null)]
    [InlineData("locations", "Locations", null, null)]
    [InlineData("Locations", "Locations", null, null)]
    [InlineData("locations/", "Locations", null, null)]
    [InlineData("storageaccounts", "StorageAccounts", null, null)]
    [InlineData("StorageAccounts", "StorageAccounts", null, null)]
    [InlineData("storageaccounts/xttest/jobs", "Jobs", "xttest", null)]
    [InlineData("StorageAccounts/XtTest/Jobs", "Jobs", "XtTest", null)]
    [InlineData("storageaccounts/xttest/jobs/", "Jobs", "xttest", null)]
    [InlineData("storageaccounts/xttest/jobs/MySampleJob", "Job", "xttest", "MySampleJob")]
    [InlineData("STORAGEACCOUNTS/xttest/JOBS/am2_test_20140429_export", "Job", "xttest", "am2_test_20140429_export")]
    [InlineData("storageaccounts/xttest/jobs/MySampleJob/", "Job", "xttest", "MySampleJob")]
    public void Known_paths_are_routed_with_literals_matched_case_insensitively_and_names_kept_as_given(
        string? rest, string resource, string? account, string? job)
    {
        var route = ClassicRoute.ParseOrNull(rest);
        Assert.NotNull(route);
        Assert.Equal(resource, route.Resource.ToString());
        Assert.Equal(account, route.Account);
        Assert.Equal(job, route.Job);
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("jobs/MySampleJob")]
    [InlineData("locations/West US")]
    [InlineData("storageaccounts/xttest")]
    [InlineData("storageaccounts/xttest/")]
    [InlineData("storageaccounts//jobs")]
    [InlineData("storageaccounts//jobs/MySampleJob")]
    [InlineData("storageaccounts/xttest/jobs//")]
    [InlineData("storageaccounts/xttest/jobs/MySampleJob/drives")]
    [InlineData("storageaccounts/xttest/job/MySampleJob")]
    [InlineData("metadata")]
    [InlineData("services")]
    [InlineData("//")]
    public void Unknown_paths_and_the_unserved_entity_set_urls_are_not_routed(string rest) =>
        Assert.Null(ClassicRoute.ParseOrNull(rest));

    public static TheoryData<string, string, bool> VerbTable()
    {
        // docs/classic-api.md §2.1: resource → the verbs it serves.
        var served = new Dictionary<string, string[]>
        {
            [""] = ["GET"],
            ["$metadata"] = ["GET"],
            ["locations"] = ["GET", "HEAD"],
            ["storageaccounts"] = ["GET", "HEAD"],
            ["storageaccounts/xttest/jobs"] = ["GET"],
            ["storageaccounts/xttest/jobs/MySampleJob"] = ["GET", "HEAD", "PUT", "PATCH", "DELETE"],
        };
        var data = new TheoryData<string, string, bool>();
        foreach (var (path, verbs) in served)
        {
            foreach (var verb in new[] { "GET", "HEAD", "PUT", "PATCH", "DELETE", "POST", "MERGE", "OPTIONS" })
            {
                data.Add(path, verb, verbs.Contains(verb));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VerbTable))]
    public void Each_resource_supports_exactly_the_verbs_of_the_routing_table(string rest, string method, bool supported) =>
        Assert.Equal(supported, ClassicRoute.ParseOrNull(rest)!.Supports(method));
}
