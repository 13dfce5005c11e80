namespace Ferry.Core.Drives;

/// <summary>
/// Paths on a drive. A manifest names files relative to the drive root with <c>\</c> separators (<c>\dir\file</c> or
/// <c>dir\file</c>; <c>/</c> is accepted too). These helpers keep every resolved path inside the drive.
/// </summary>
public static partial class DrivePaths
{
    /// <summary>Longest drive path accepted by <see cref="TryResolve"/>, in characters.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>Longest segment (file or directory name) accepted by <see cref="TryResolve"/>, in characters.</summary>
    public const int MaxSegmentLength = 255;

    private static readonly char[] _separators = ['\\', '/'];

    /// <summary>
    /// Resolves <paramref name="drivePath"/> under <paramref name="driveRoot"/>. <see cref="DrivePathProblem.Invalid"/>: empty,
    /// an empty segment (so <c>\\server\share</c> and <c>dir\\file</c>), a segment of only dots and spaces (<c>.</c>,
    /// <c>..</c>), a <c>:</c> (drive letters such as <c>C:\x</c>, alternate data streams), NUL or another control character,
    /// and on Windows a device name such as <c>CON</c> or <c>nul.txt</c>.
    /// One leading separator is fine: drive paths are root-relative. <see cref="DrivePathProblem.TooLong"/>: over
    /// <see cref="MaxPathLength"/> characters or a segment over <see cref="MaxSegmentLength"/>.
    /// <see cref="DrivePathProblem.Link"/>: an existing component below the root (the target included) is a symbolic link
    /// or reparse point. The target itself need not exist.
    /// </summary>
    /// <param name="driveRoot">The drive's root directory, a full path; it may itself be reached through a link.</param>
    /// <param name="drivePath">The path from the manifest.</param>
    /// <param name="fullPath">On <see cref="DrivePathProblem.None"/>, the full path, always inside <paramref name="driveRoot"/>; otherwise empty.</param>
    /// <exception cref="ArgumentException"><paramref name="driveRoot"/> is empty.</exception>
    /// <exception cref="IOException">A component could not be inspected.</exception>
    public static DrivePathProblem TryResolve(string driveRoot, string drivePath, out string fullPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(driveRoot);
        fullPath = string.Empty;
        if (string.IsNullOrEmpty(drivePath))
        {
            return DrivePathProblem.Invalid;
        }

        if (drivePath.Length > MaxPathLength)
        {
            return DrivePathProblem.TooLong;
        }

        var relative = drivePath[0] is '\\' or '/' ? drivePath[1..] : drivePath;
        var segments = relative.Split(_separators);
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || !segment.AsSpan().ContainsAnyExcept(". ") || segment.Contains(':', StringComparison.Ordinal) || segment.Any(char.IsControl)
                || (OperatingSystem.IsWindows() && IsReservedDeviceName(segment)))
            {
                return DrivePathProblem.Invalid;
            }

            if (segment.Length > MaxSegmentLength)
            {
                return DrivePathProblem.TooLong;
            }
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(driveRoot));
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Join(current, segment);
            var info = new FileInfo(current);
            if ((int)info.Attributes == -1)
            {
                break;
            }

            if (info.Attributes.HasFlag(FileAttributes.ReparsePoint) || info.LinkTarget is not null)
            {
                return DrivePathProblem.Link;
            }
        }

        // Last guard: whatever the checks above missed, the result stays under the root.
        var resolved = Path.GetFullPath(Path.Join(root, string.Join(Path.DirectorySeparatorChar, segments)));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!resolved.StartsWith(root + Path.DirectorySeparatorChar, comparison))
        {
            return DrivePathProblem.Invalid;
        }

        fullPath = resolved;
        return DrivePathProblem.None;
    }

    /// <summary>
    /// The drive path of a path relative to the drive root: separators (<c>/</c> or the platform's) become <c>\</c> and a
    /// leading <c>\</c> is added once, e.g. <c>a/b/c.txt</c> → <c>\a\b\c.txt</c>. No check is made.
    /// </summary>
    public static string ToDrivePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('/', '\\');
        if (Path.DirectorySeparatorChar != '/' && Path.DirectorySeparatorChar != '\\')
        {
            path = path.Replace(Path.DirectorySeparatorChar, '\\');
        }

        return path.StartsWith('\\') ? path : "\\" + path;
    }
}
