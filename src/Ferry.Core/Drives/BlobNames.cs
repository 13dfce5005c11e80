namespace Ferry.Core.Drives;

/// <summary>The Blob service's naming rules for containers and blobs, as the drive tools check them before any copy.</summary>
internal static class BlobNames
{
    /// <summary>Longest blob name, in characters.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>
    /// True for <c>$root</c> or 3 to 63 lowercase ASCII letters, digits and single hyphens, starting and ending with a letter or digit.
    /// </summary>
    public static bool IsContainerName(string name) =>
        name == "$root"
        || (name.Length is >= 3 and <= 63
            && name.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')
            && name[0] != '-' && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal));

    /// <summary>True for a blob name of 1 to <see cref="MaxNameLength"/> characters without control characters.</summary>
    public static bool IsBlobName(string name) => name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl);

    /// <summary>Why <paramref name="blobPath"/> (<c>container/name</c>) is not a valid blob path; null when it is.</summary>
    public static string? ProblemOf(string blobPath)
    {
        var slash = blobPath.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return $"'{blobPath}' is not container/name.";
        }

        if (!IsContainerName(blobPath[..slash]))
        {
            return $"'{blobPath[..slash]}' is not a container name (3 to 63 lowercase letters, digits and single hyphens, or $root).";
        }

        var name = blobPath[(slash + 1)..];
        return IsBlobName(name) ? null : $"the blob name '{name}' must hold 1 to {MaxNameLength} characters and no control character.";
    }
}
