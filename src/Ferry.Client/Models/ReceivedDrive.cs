namespace Ferry.Client.Models;

/// <summary>One drive of a received package (an entry of the <c>receive</c> request's <c>drives</c>).</summary>
public sealed class ReceivedDrive
{
    /// <summary>Creates a received drive.</summary>
    /// <param name="driveId">The drive's serial number.</param>
    /// <param name="contentPath">Where the drive's content is on the server host; <see langword="null"/> when unknown.</param>
    /// <exception cref="ArgumentException"><paramref name="driveId"/> is <see langword="null"/> or empty.</exception>
    public ReceivedDrive(string driveId, string? contentPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(driveId);
        DriveId = driveId;
        ContentPath = contentPath;
    }

    /// <summary>The drive's serial number (<c>driveId</c>).</summary>
    public string DriveId { get; }

    /// <summary>Where the drive's content is on the server host (<c>contentPath</c>); <see langword="null"/> when not sent.</summary>
    public string? ContentPath { get; }
}
