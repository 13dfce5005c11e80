using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Core.Drives;

/// <summary>Drive paths of exported blobs.</summary>
public static partial class DrivePaths
{
    /// <summary>The directory of exported blobs whose names cannot be mirrored.</summary>
    public const string HashedBlobDirectory = "_blobs";

    /// <summary>Room left in the file name and path for the longest companion suffix, <c>.properties</c>.</summary>
    private const int CompanionSuffixLength = 11;

    private static readonly SearchValues<char> _illegalInFileName = SearchValues.Create(":*?\"<>|\\");

    private static readonly string[] _reservedDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    ];

    /// <summary>
    /// The drive path for exporting blob <paramref name="blobPath"/> (<c>container/name</c>), or one of its snapshots. When
    /// every <c>/</c>-separated segment is a legal NTFS file name (not empty, not <c>.</c> or <c>..</c>, no <c>: * ? " &lt; &gt; |
    /// \</c>, no control character or lone surrogate, no trailing dot or space, not a device name such as <c>CON</c>) the path
    /// mirrors the blob path: <c>pictures/bob/desert.jpg</c> → <c>\pictures\bob\desert.jpg</c>. Otherwise it is
    /// <c>\_blobs\</c> and the first 32 uppercase hex digits of the SHA-256 of the UTF-8 blob path (followed by
    /// <c>?snapshot=</c> and the snapshot time for a snapshot). A snapshot adds <c>.snapshot-yyyyMMddTHHmmssfffffffZ</c> (UTC)
    /// to the file name. The result always passes <see cref="TryResolve"/>'s name rules, with room left for the
    /// <c>.metadata</c> and <c>.properties</c> companion files.
    /// </summary>
    /// <remarks>
    /// Distinct blobs can still meet on a drive: names differing only in case, or a blob <c>c/a</c> beside <c>c/a/b</c>. The
    /// caller detects such clashes.
    /// </remarks>
    public static string ForExportedBlob(string blobPath, DateTimeOffset? snapshot)
    {
        ArgumentNullException.ThrowIfNull(blobPath);
        var suffix = snapshot is { } time
            ? ".snapshot-" + time.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture)
            : string.Empty;
        var segments = blobPath.Split('/');
        var mirrored = "\\" + string.Join('\\', segments) + suffix;
        if (segments.All(IsLegalFileName)
            && segments[^1].Length + suffix.Length + CompanionSuffixLength <= MaxSegmentLength
            && mirrored.Length + CompanionSuffixLength <= MaxPathLength)
        {
            return mirrored;
        }

        var key = snapshot is { } s ? blobPath + "?snapshot=" + DriveXml.FormatTimestamp(s) : blobPath;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return $"\\{HashedBlobDirectory}\\{hash}{suffix}";
    }

    private static bool IsLegalFileName(string segment) =>
        segment.Length is > 0 and <= MaxSegmentLength
        && segment[^1] is not ('.' or ' ')
        && !segment.AsSpan().ContainsAny(_illegalInFileName)
        && !segment.Any(char.IsControl)
        && !HasLoneSurrogate(segment)
        && !IsReservedDeviceName(segment);

    /// <summary>True for a Windows device name, alone or with an extension (<c>CON</c>, <c>nul.txt</c>, <c>Com1.log</c>).</summary>
    private static bool IsReservedDeviceName(string segment)
    {
        var dot = segment.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        return _reservedDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
    }

    private static bool HasLoneSurrogate(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (char.IsHighSurrogate(segment[i]) && i + 1 < segment.Length && char.IsLowSurrogate(segment[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(segment[i]))
            {
                return true;
            }
        }

        return false;
    }
}
