using System.Text.Json.Serialization;
using Ferry.Client.Operator;

namespace Ferry.Client.Models;

/// <summary>A drive being copied now, as <c>/operator/transfers</c> lists it; output only.</summary>
public sealed class OperatorTransfer
{
    [JsonConstructor]
    internal OperatorTransfer()
    {
    }

    /// <summary>The surface that created the job (<c>surface</c>).</summary>
    [JsonInclude]
    public JobSurface Surface { get; internal set; }

    /// <summary>The owning subscription (<c>subscriptionId</c>).</summary>
    [JsonInclude]
    public string SubscriptionId { get; internal set; } = string.Empty;

    /// <summary>The resource group of an ARM job (<c>resourceGroup</c>); <see langword="null"/> for classic jobs.</summary>
    [JsonInclude]
    public string? ResourceGroup { get; internal set; }

    /// <summary>The job name (<c>jobName</c>).</summary>
    [JsonInclude]
    public string JobName { get; internal set; } = string.Empty;

    /// <summary>The job type (<c>jobType</c>).</summary>
    [JsonInclude]
    public JobType JobType { get; internal set; }

    /// <summary>The drive's serial number (<c>driveId</c>).</summary>
    [JsonInclude]
    public string DriveId { get; internal set; } = string.Empty;

    /// <summary>Bytes copied so far (<c>bytesCopied</c>).</summary>
    [JsonInclude]
    public long BytesCopied { get; internal set; }

    /// <summary>Bytes the copy moves in all (<c>bytesTotal</c>); <see langword="null"/> when unknown (a copy the operator drives).</summary>
    [JsonInclude]
    public long? BytesTotal { get; internal set; }

    /// <summary>Percentage copied (<c>percentComplete</c>); <see langword="null"/> when not reported.</summary>
    [JsonInclude]
    public int? PercentComplete { get; internal set; }

    /// <summary>When the copy started: the drive entered <c>Transferring</c> (<c>startedAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>The average throughput since the copy started, in bytes per second (<c>bytesPerSecond</c>).</summary>
    [JsonInclude]
    public long BytesPerSecond { get; internal set; }

    /// <summary>The transfer engine's worker holding the drive (<c>worker</c>); <see langword="null"/> when none does.</summary>
    [JsonInclude]
    public string? Worker { get; internal set; }

    /// <summary>The address of the job on the operator surface.</summary>
    [JsonIgnore]
    public OperatorJobReference Job => new(SubscriptionId, JobName, ResourceGroup);
}
