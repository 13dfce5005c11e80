using System.Security.Cryptography;
using Ferry.Core.Drives;
using Ferry.Core.Jobs;

namespace Ferry.Core.Transfer;

/// <summary>
/// The checks before an import drive is copied (step C1): the drive is there, the job's BitLocker key opens it (the
/// protector record of a folder drive), and the manifest is at <c>ManifestFile</c>, hashes to <c>ManifestHash</c>, is
/// well-formed and names the drive. Each failure is the matching CopyStatus; nothing outside the drive is read.
/// </summary>
internal static class ImportDriveCheck
{
    /// <summary>The outcome: the manifest and its full path, or the failing status with a reason.</summary>
    public sealed record Outcome(DriveManifest? Manifest, string? ManifestPath, CopyStatus Status, string Reason);

    public static Outcome Run(string? contentPath, string driveId, string? bitLockerKey, string? manifestFile, string? manifestHash)
    {
        if (contentPath is null || !Directory.Exists(contentPath))
        {
            return Fail(CopyStatus.DiskNotFound, "The drive's content folder does not exist.");
        }

        var root = Path.GetFullPath(contentPath);
        if (!File.Exists(Path.Combine(root, DriveLabel.FileName)))
        {
            return Fail(CopyStatus.BitLockerVolumeNotFound, "The drive has no protector record (FerryDrive.xml).");
        }

        if (!DriveLabel.TryRead(root, out var label, out var labelProblem))
        {
            return Fail(CopyStatus.BitLockerProtectorNotFound, labelProblem.Message);
        }

        if (bitLockerKey is null || !label.Unlocks(bitLockerKey))
        {
            return Fail(CopyStatus.BitLockerKeyInvalid, "The job's BitLocker key does not open the drive.");
        }

        if (!string.Equals(label.DriveId, driveId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(CopyStatus.ManifestDriveIdMismatch, $"The drive is labelled '{label.DriveId}', not '{driveId}'.");
        }

        switch (DrivePaths.TryResolve(root, manifestFile ?? "", out var manifestPath))
        {
            case DrivePathProblem.Invalid:
                return Fail(CopyStatus.ManifestNameInvalid, "The manifest path is not a valid drive path.");
            case DrivePathProblem.TooLong:
                return Fail(CopyStatus.ManifestNameTooLong, "The manifest path is too long.");
            case DrivePathProblem.Link:
                return Fail(CopyStatus.ManifestAccessDenied, "The manifest path goes through a link.");
        }

        if (!File.Exists(manifestPath))
        {
            return Fail(CopyStatus.ManifestNotFound, $"No manifest at {manifestFile}.");
        }

        try
        {
            using var stream = new FileStream(manifestPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var hash = Convert.ToHexString(MD5.HashData(stream));
            if (!string.Equals(hash, manifestHash, StringComparison.OrdinalIgnoreCase))
            {
                return Fail(CopyStatus.ManifestCorrupted, "The manifest's MD5 does not match ManifestHash.");
            }

            stream.Position = 0;
            if (!DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out var problem))
            {
                return Fail(CopyStatus.ManifestFormatInvalid, problem.Message);
            }

            return !string.Equals(manifest.DriveId, driveId, StringComparison.OrdinalIgnoreCase)
                ? Fail(CopyStatus.ManifestDriveIdMismatch, $"The manifest names drive '{manifest.DriveId}', not '{driveId}'.")
                : new Outcome(manifest, manifestPath, CopyStatus.InProgress, "");
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(CopyStatus.ManifestAccessDenied, "The manifest cannot be read.");
        }
        catch (IOException)
        {
            return Fail(CopyStatus.ReadManifestFailed, "The manifest could not be read.");
        }
    }

    private static Outcome Fail(CopyStatus status, string reason) => new(null, null, status, reason);
}
