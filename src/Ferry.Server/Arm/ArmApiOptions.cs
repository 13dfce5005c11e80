using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Arm;

/// <summary>Settings of the ARM surface (<c>Ferry:Arm</c>).</summary>
public sealed class ArmApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Arm";

    /// <summary>Most jobs per list page (docs/arm-api.md §7: 100; lower it to exercise paging).</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>The principal named in <c>systemData.createdBy</c> and <c>lastModifiedBy</c>.</summary>
    [Required]
    public string PrincipalName { get; set; } = "ferry";

    /// <summary>A JSON file replacing the built-in location catalogue; null for the built-in one.</summary>
    public string? LocationCatalogFile { get; set; }

    /// <summary>The largest PUT or PATCH body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
