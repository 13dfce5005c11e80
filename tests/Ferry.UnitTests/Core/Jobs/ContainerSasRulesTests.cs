using Ferry.Core.Errors;
using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>The ContainerSas form checks of docs/classic-api.md §3.5.</summary>
public sealed class ContainerSasRulesTests
{
    private const string Signature = "Q2xhc3NpY1NpZ25hdHVyZVZhbHVl";

    private static string Sas(string container = "mycontainer", string? sv = "2014-02-14", string? sp = "rwdl", string? sig = Signature)
    {
        var parts = new List<string> { "sr=c", "si=abcde", "se=2014-11-20T23%3A54%3A14Z" };
        if (sv is not null)
        {
            parts.Add("sv=" + sv);
        }

        if (sp is not null)
        {
            parts.Add("sp=" + sp);
        }

        if (sig is not null)
        {
            parts.Add("sig=" + sig);
        }

        return container + "?" + string.Join('&', parts);
    }

    private static void AssertRefused(string sas, JobType type)
    {
        var error = ContainerSasRules.Check(sas, type);
        Assert.NotNull(error);
        Assert.Same(FerryErrors.BadRequest, error.Kind);
        Assert.Equal("Properties.ContainerSas", error.Target);
        Assert.DoesNotContain(Signature, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mycontainer", true)]
    [InlineData("abc", true)]
    [InlineData("a-b-c", true)]
    [InlineData("123", true)]
    [InlineData("$root", true)]
    [InlineData("ab", false)]
    [InlineData("a--b", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("MyContainer", false)]
    [InlineData("my_container", false)]
    [InlineData("", false)]
    public void Container_names_follow_the_blob_container_rules(string name, bool valid) =>
        Assert.Equal(valid, ContainerSasRules.IsContainerName(name));

    [Fact]
    public void Container_names_are_at_most_63_characters()
    {
        Assert.True(ContainerSasRules.IsContainerName(new string('a', 63)));
        Assert.False(ContainerSasRules.IsContainerName(new string('a', 64)));
    }

    [Fact]
    public void The_documented_sample_is_accepted_for_both_job_types()
    {
        const string sample = "mycontainer?sv=2014-02-14&sr=c&si=abcde&sig=cEHnTqZbiLKh4Y7X9ejRJ5MVf8kVqjJpmM%2FVBuAdKsE%3D&se=2014-11-20T23%3A54%3A14Z&sp=rwdl";
        Assert.Null(ContainerSasRules.Check(sample, JobType.Import));
        Assert.Null(ContainerSasRules.Check(sample, JobType.Export));
    }

    [Theory]
    [InlineData(JobType.Import, "rwd")]
    [InlineData(JobType.Import, "dwr")]
    [InlineData(JobType.Export, "rwl")]
    [InlineData(JobType.Export, "racwdl")]
    public void Permissions_that_include_what_the_job_type_needs_are_accepted(JobType type, string sp) =>
        Assert.Null(ContainerSasRules.Check(Sas(sp: sp), type));

    [Theory]
    [InlineData(JobType.Import, "rw")]
    [InlineData(JobType.Import, "rwl")]
    [InlineData(JobType.Export, "rwd")]
    [InlineData(JobType.Export, "rl")]
    [InlineData(JobType.Import, "RWD")]
    public void Permissions_that_lack_what_the_job_type_needs_are_refused(JobType type, string sp) =>
        AssertRefused(Sas(sp: sp), type);

    [Theory]
    [InlineData(JobType.Import)]
    [InlineData(JobType.Export)]
    public void Without_sp_the_stored_access_policy_decides_and_the_form_is_accepted(JobType type) =>
        Assert.Null(ContainerSasRules.Check(Sas(sp: null), type));

    [Theory]
    [InlineData("2014-02-14")]
    [InlineData("2015-04-05")]
    [InlineData("2019-12-12")]
    public void Service_versions_from_2014_02_14_on_are_accepted(string sv) =>
        Assert.Null(ContainerSasRules.Check(Sas(sv: sv), JobType.Import));

    [Theory]
    [InlineData("2013-08-15")]
    [InlineData("2012-02-12")]
    [InlineData("2014-02-14x")]
    [InlineData("latest")]
    [InlineData("")]
    public void Older_or_malformed_service_versions_are_refused(string sv) =>
        AssertRefused(Sas(sv: sv), JobType.Import);

    [Fact]
    public void A_SAS_without_a_service_version_is_refused() => AssertRefused(Sas(sv: null), JobType.Import);

    [Fact]
    public void A_SAS_without_a_signature_is_refused() => AssertRefused(Sas(sig: null), JobType.Import);

    [Theory]
    [InlineData("sv=2014-02-14&sp=rwdl&sig=" + Signature)]
    [InlineData("?sv=2014-02-14&sp=rwdl&sig=" + Signature)]
    [InlineData("mycontainer?")]
    [InlineData("mycontainer")]
    [InlineData("My_Container?sv=2014-02-14&sp=rwdl&sig=" + Signature)]
    [InlineData("mycontainer/folder?sv=2014-02-14&sp=rwdl&sig=" + Signature)]
    public void A_value_not_of_the_form_container_question_mark_token_is_refused(string sas) =>
        AssertRefused(sas, JobType.Import);
}
