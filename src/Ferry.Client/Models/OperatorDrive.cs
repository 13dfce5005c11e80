using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A drive as the operator sees it (an item of the job view's <c>drives</c>); output only.</summary>
public sealed class OperatorDrive
{
    [JsonConstructor]
    internal OperatorDrive()
    {
    }

    /// <summary>The drive's serial number (<c>driveId</c>).</summary>
    [JsonInclude]
    public string DriveId { get; internal set; } = string.Empty;

    /// <summary>The drive state (<c>state</c>).</summary>
    [JsonInclude]
    public DriveState State { get; internal set; }

    /// <summary>The copy status (<c>copyStatus</c>); <see langword="null"/> before any copy.</summary>
    [JsonInclude]
    public CopyStatus? CopyStatus { get; internal set; }

    /// <summary>Percentage copied (<c>percentComplete</c>), 0 to 100; <see langword="null"/> when not reported.</summary>
    [JsonInclude]
    public int? PercentComplete { get; internal set; }

    /// <summary>Bytes copied so far (<c>bytesSucceeded</c>).</summary>
    [JsonInclude]
    public long BytesSucceeded { get; internal set; }

    /// <summary>Where the drive's content is on the server host (<c>contentPath</c>); <see langword="null"/> when unknown.</summary>
    [JsonInclude]
    public string? ContentPath { get; internal set; }

    /// <summary>When the drive last changed state (<c>stateChangedAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset StateChangedAt { get; internal set; }
}
