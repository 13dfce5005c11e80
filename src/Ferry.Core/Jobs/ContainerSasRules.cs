using System.Text.RegularExpressions;
using System.Web;
using Ferry.Core.Errors;

namespace Ferry.Core.Jobs;

/// <summary>
/// The form checks of a <c>ContainerSas</c> (docs/classic-api.md §3.5): <c>&lt;container&gt;?&lt;token&gt;</c>, a
/// signature, <c>sv</c> at least 2014-02-14, and when <c>sp</c> is present the permissions the job type needs.
/// Without <c>sp</c> the stored access policy decides, which cannot be checked here. Shared by the classic surface
/// (a job's SAS) and the storage-account registry (a SAS registered for ARM jobs, whose type is not known then).
/// </summary>
public static partial class ContainerSasRules
{
    /// <summary>The classic surface's name of the member.</summary>
    public const string ClassicField = "Properties.ContainerSas";

    /// <summary>Whether <paramref name="name"/> is a valid blob container name (or <c>$root</c>).</summary>
    public static bool IsContainerName(string name) =>
        name == "$root" || (ContainerName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal));

    /// <summary>Null when the SAS has the required form; else a 400 that never echoes the token.</summary>
    /// <param name="sas">The SAS, <c>&lt;container&gt;?&lt;token&gt;</c>.</param>
    /// <param name="type">The job type whose permissions <c>sp</c> must grant; null to check the form only.</param>
    /// <param name="field">The member named in the error.</param>
    public static FerryError? Check(string sas, JobType? type, string field = ClassicField)
    {
        ArgumentNullException.ThrowIfNull(sas);
        ArgumentNullException.ThrowIfNull(field);
        FerryError Invalid(string rule) => FerryErrors.Invalid(field, $"'{field}' {rule}");

        var question = sas.IndexOf('?', StringComparison.Ordinal);
        if (question <= 0 || question == sas.Length - 1)
        {
            return Invalid("must have the form <container>?<sas-token>.");
        }

        if (!IsContainerName(sas[..question]))
        {
            return Invalid("must start with a valid container name.");
        }

        var token = HttpUtility.ParseQueryString(sas[(question + 1)..]);
        if (string.IsNullOrEmpty(token["sig"]))
        {
            return Invalid("lacks a signature (sig).");
        }

        if (token["sv"] is not { } version || string.CompareOrdinal(version, "2014-02-14") < 0 || !SasVersion().IsMatch(version))
        {
            return Invalid("must carry a service version (sv) of 2014-02-14 or later.");
        }

        if (type is not null && token["sp"] is { } permissions)
        {
            var needed = type == JobType.Import ? "rwd" : "rwl";
            if (needed.Any(p => !permissions.Contains(p, StringComparison.Ordinal)))
            {
                return Invalid(type == JobType.Import
                    ? "must grant read, write and delete (sp=rwd) for an import job."
                    : "must grant read, write and list (sp=rwl) for an export job.");
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex ContainerName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex SasVersion();
}
