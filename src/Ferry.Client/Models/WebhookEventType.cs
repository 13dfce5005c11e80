using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The type of a webhook event (<c>type</c>, <c>eventType</c>).</summary>
public enum WebhookEventType
{
    /// <summary><c>job.stateChanged</c>: a job was created or changed state.</summary>
    [JsonStringEnumMemberName("job.stateChanged")]
    JobStateChanged,

    /// <summary><c>job.deleted</c>: a job was deleted.</summary>
    [JsonStringEnumMemberName("job.deleted")]
    JobDeleted,

    /// <summary><c>drive.stateChanged</c>: a drive changed state.</summary>
    [JsonStringEnumMemberName("drive.stateChanged")]
    DriveStateChanged,
}
