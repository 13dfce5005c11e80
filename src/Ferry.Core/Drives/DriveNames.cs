namespace Ferry.Core.Drives;

/// <summary>
/// The drive paths one session claims on one drive. A claimed path never meets another claimed path or anything already
/// on the drive (names compared ignoring case, as on NTFS); a clash gets <c> (2)</c>, <c> (3)</c>… before the extension of
/// the clashing segment, as the rename disposition does (docs/formats.md §6).
/// </summary>
internal sealed class DriveNames(string root)
{
    private readonly HashSet<string> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _directories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Claims <paramref name="candidate"/> (<c>\session\dir\file</c>) or the first free variant of it. The session folder,
    /// the first segment, is never renamed.
    /// </summary>
    /// <param name="candidate">The wanted drive path.</param>
    /// <param name="source">The source file, named in errors.</param>
    /// <exception cref="DrivePreparationException">The name is not a valid drive path (docs/formats.md §2 via <see cref="DrivePaths.TryResolve"/>).</exception>
    public string Claim(string candidate, string source)
    {
        var segments = candidate.TrimStart('\\').Split('\\');
        var clash = ClashingSegment(segments);
        for (var attempt = 1; ; attempt++)
        {
            var path = attempt == 1 ? candidate : "\\" + string.Join('\\', segments.Select((s, i) => i == clash ? Numbered(s, attempt) : s));
            var problem = DrivePaths.TryResolve(root, path, out var fullPath);
            if (problem != DrivePathProblem.None)
            {
                throw new DrivePreparationException($"The file '{source}' cannot be written to the drive as '{path}' ({problem}): rename it (drive paths follow NTFS rules, at most {DrivePaths.MaxPathLength} characters).");
            }

            if (IsFree(path, fullPath))
            {
                _files.Add(path);
                foreach (var parent in Parents(path))
                {
                    _directories.Add(parent);
                }

                return path;
            }
        }
    }

    /// <summary>The segment to number: the first parent that is a file already, else the file name itself.</summary>
    private int ClashingSegment(string[] segments)
    {
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var parent = "\\" + string.Join('\\', segments[..(i + 1)]);
            if (_files.Contains(parent) || File.Exists(Path.Join(root, parent.Replace('\\', Path.DirectorySeparatorChar))))
            {
                return i;
            }
        }

        return segments.Length - 1;
    }

    private bool IsFree(string path, string fullPath)
    {
        if (_files.Contains(path) || _directories.Contains(path) || File.Exists(fullPath) || Directory.Exists(fullPath))
        {
            return false;
        }

        return !Parents(path).Any(p => _files.Contains(p) || File.Exists(Path.Join(root, p.Replace('\\', Path.DirectorySeparatorChar))));
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var i = path.LastIndexOf('\\'); i > 0; i = path.LastIndexOf('\\', i - 1))
        {
            yield return path[..i];
        }
    }

    /// <summary><c>photo.jpg</c> → <c>photo (2).jpg</c>, <c>a.tar.gz</c> → <c>a.tar (2).gz</c>, <c>notes</c> → <c>notes (2)</c>.</summary>
    private static string Numbered(string segment, int number)
    {
        var dot = segment.LastIndexOf('.');
        return dot > 0 ? $"{segment[..dot]} ({number}){segment[dot..]}" : $"{segment} ({number})";
    }
}
