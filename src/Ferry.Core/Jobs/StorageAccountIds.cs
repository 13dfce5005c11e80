using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Ferry.Core.Jobs;

/// <summary>
/// Storage account resource ids as ARM jobs name them:
/// <c>/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Storage/storageAccounts/{name}</c> (or
/// <c>Microsoft.ClassicStorage</c>). Resource ids are case-insensitive; the account name is 3 to 24 letters and digits
/// (storage account names are lowercase, so the name is returned lowercase).
/// </summary>
public static partial class StorageAccountIds
{
    /// <summary>The longest id accepted (the stored column's length).</summary>
    public const int MaxLength = 400;

    /// <summary>
    /// Whether <paramref name="id"/> is a storage account resource id; if so, <paramref name="accountName"/> is its
    /// account name, lowercase.
    /// </summary>
    /// <param name="id">The resource id.</param>
    /// <param name="accountName">The account name (lowercase) when the id is valid; null otherwise.</param>
    public static bool TryParse([NotNullWhen(true)] string? id, [NotNullWhen(true)] out string? accountName)
    {
        accountName = null;
        if (id is null || id.Length > MaxLength || Id().Match(id) is not { Success: true } match)
        {
            return false;
        }

        accountName = match.Groups["name"].Value.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// The key a registration is stored under: the id, lowercase. Call only with an id <see cref="TryParse"/> accepts.
    /// </summary>
    /// <param name="id">A valid resource id.</param>
    public static string Key(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.ToLowerInvariant();
    }

    [GeneratedRegex(
        @"^/subscriptions/[^/\s]+/resourceGroups/[^/\s]+/providers/Microsoft\.(?:Storage|ClassicStorage)/storageAccounts/(?<name>(?-i:[A-Za-z0-9]{3,24}))$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
