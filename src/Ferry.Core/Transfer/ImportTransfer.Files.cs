using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Drives;

namespace Ferry.Core.Transfer;

/// <summary>Metadata and properties files (docs/formats.md §4): a blob's own file overrides its list's global one.</summary>
internal sealed partial class ImportTransfer
{
    private const long MaxBlobFileBytes = 1024 * 1024;

    private Dictionary<string, string>? ReadMetadata(ImportWork work, BlobEntry entry)
    {
        var (status, stream) = OpenBlobFile(work.Blob.Metadata, work.GlobalMetadata);
        entry.Metadata = status;
        if (stream is null)
        {
            return null;
        }

        using (stream)
        {
            if (BlobFileXml.TryReadMetadata(stream, out var metadata, out _))
            {
                return new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
            }
        }

        entry.Metadata = status! with { Status = CopyLogStatus.XmlReadFailed };
        return null;
    }

    private BlobHttpHeaders? ReadProperties(ImportWork work, BlobEntry entry)
    {
        var (status, stream) = OpenBlobFile(work.Blob.Properties, work.GlobalProperties);
        entry.Properties = status;
        if (stream is null)
        {
            return null;
        }

        using (stream)
        {
            if (BlobFileXml.TryReadProperties(stream, out var properties, out _))
            {
                byte[]? md5 = null;
                if (properties.ContentMd5 is { } text && !TryBase64(text, out md5))
                {
                    entry.Properties = status! with { Status = CopyLogStatus.XmlReadFailed };
                    return null;
                }

                return new BlobHttpHeaders
                {
                    ContentType = properties.ContentType,
                    ContentEncoding = properties.ContentEncoding,
                    ContentLanguage = properties.ContentLanguage,
                    CacheControl = properties.CacheControl,
                    ContentHash = md5,
                };
            }
        }

        entry.Properties = status! with { Status = CopyLogStatus.XmlReadFailed };
        return null;
    }

    /// <summary>
    /// The effective file (own, else global), checked against its hash: its log status and, when usable, its content
    /// in memory (at most 1 MiB; these files are small XML documents).
    /// </summary>
    private (CopyLogFileStatus? Status, Stream? Content) OpenBlobFile(ManifestFileRef? own, ManifestFileRef? global)
    {
        var file = own ?? global;
        if (file is null)
        {
            return (null, null);
        }

        CopyLogFileStatus Status(string status) => new(status, global?.Path, global?.Hash, own?.Path, own?.Hash);
        switch (DrivePaths.TryResolve(driveRoot, file.Path, out var path))
        {
            case DrivePathProblem.Invalid:
                return (Status(CopyLogStatus.FileNameInvalid), null);
            case DrivePathProblem.TooLong:
                return (Status(CopyLogStatus.FileNameTooLong), null);
            case DrivePathProblem.Link:
                return (Status(CopyLogStatus.FileAccessDenied), null);
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return (Status(CopyLogStatus.FileNotFound), null);
            }

            if (info.Length > MaxBlobFileBytes)
            {
                return (Status(CopyLogStatus.XmlReadFailed), null);
            }

            var bytes = File.ReadAllBytes(path);
            return !string.Equals(Convert.ToHexString(MD5.HashData(bytes)), file.Hash, StringComparison.OrdinalIgnoreCase)
                ? (Status(CopyLogStatus.Corrupted), null)
                : (Status(CopyLogStatus.Completed), new MemoryStream(bytes, writable: false));
        }
        catch (UnauthorizedAccessException)
        {
            return (Status(CopyLogStatus.FileAccessDenied), null);
        }
        catch (IOException)
        {
            return (Status(CopyLogStatus.IOFailed), null);
        }
    }

    private static bool TryBase64(string text, out byte[]? bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = null;
        return false;
    }
}
