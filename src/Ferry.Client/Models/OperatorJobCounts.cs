using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>How many jobs match an operator search, in all and per state; output only.</summary>
public sealed class OperatorJobCounts
{
    [JsonConstructor]
    internal OperatorJobCounts()
    {
    }

    /// <summary>All matching jobs (<c>total</c>).</summary>
    [JsonInclude]
    public int Total { get; internal set; }

    /// <summary>Matching jobs per state (<c>byState</c>); every state is present, zeros included.</summary>
    [JsonInclude]
    public IReadOnlyDictionary<JobState, int> ByState { get; internal set; } = new Dictionary<JobState, int>();
}
