using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Classic;

/// <summary>
/// Settings of the classic surface (section <c>Ferry:Classic</c>).
/// To add a setting: the property with a validation attribute here, its default in <c>appsettings.json</c>,
/// and its line in the README's configuration reference.
/// </summary>
public sealed class ClassicApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Classic";

    /// <summary>Most jobs in one List Jobs response (at most 1000, docs/classic-api.md §3.8).</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a certificate's registration is cached before it is read again.</summary>
    public TimeSpan AuthenticationCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
