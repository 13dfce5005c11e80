using System.Text.Json.Serialization;
using Azure;
using Ferry.Client.Internal;
using Ferry.Client.Operator;

namespace Ferry.Client.Models;

/// <summary>A job as the operator sees it (the operator surface's job view); output only. It never carries secrets.</summary>
public sealed class OperatorJob
{
    [JsonConstructor]
    internal OperatorJob()
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

    /// <summary>The job name (<c>name</c>).</summary>
    [JsonInclude]
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The job type (<c>type</c>).</summary>
    [JsonInclude]
    public JobType Type { get; internal set; }

    /// <summary>The job state (<c>state</c>).</summary>
    [JsonInclude]
    public JobState State { get; internal set; }

    /// <summary>Whether the customer requested cancellation (<c>cancelRequested</c>).</summary>
    [JsonInclude]
    public bool CancelRequested { get; internal set; }

    /// <summary>The storage account (<c>storageAccountName</c>).</summary>
    [JsonInclude]
    public string? StorageAccountName { get; internal set; }

    /// <summary>The data-centre location (<c>location</c>).</summary>
    [JsonInclude]
    public string? Location { get; internal set; }

    /// <summary>The transfer progress, 0 to 100 (<c>percentComplete</c>); <see langword="null"/> when not reported.</summary>
    [JsonInclude]
    public int? PercentComplete { get; internal set; }

    /// <summary>When the job was created (<c>createdAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>When the job last changed state (<c>stateChangedAt</c>).</summary>
    [JsonInclude]
    public DateTimeOffset StateChangedAt { get; internal set; }

    /// <summary>When the customer shipped the drives (<c>shippingAt</c>); <see langword="null"/> before.</summary>
    [JsonInclude]
    public DateTimeOffset? ShippingAt { get; internal set; }

    /// <summary>The job's entity tag (<c>etag</c>).</summary>
    [JsonInclude]
    [JsonPropertyName("etag")]
    [JsonConverter(typeof(ETagJsonConverter))]
    public ETag? ETag { get; internal set; }

    /// <summary>The customer's package (<c>deliveryPackage</c>); <see langword="null"/> before shipping.</summary>
    [JsonInclude]
    public OperatorPackage? DeliveryPackage { get; internal set; }

    /// <summary>The package shipped back (<c>returnPackage</c>); <see langword="null"/> before.</summary>
    [JsonInclude]
    public OperatorPackage? ReturnPackage { get; internal set; }

    /// <summary>Drives that arrived in the package without belonging to the job (<c>extraDrives</c>); empty when none.</summary>
    [JsonInclude]
    public IReadOnlyList<string> ExtraDrives { get; internal set; } = [];

    /// <summary>The job's drives (<c>drives</c>); empty when none.</summary>
    [JsonInclude]
    public IReadOnlyList<OperatorDrive> Drives { get; internal set; } = [];

    /// <summary>The address of this job on the operator surface.</summary>
    [JsonIgnore]
    public OperatorJobReference Reference => new(SubscriptionId, Name, ResourceGroup);
}
