namespace Ferry.Client.Operator;

/// <summary>
/// The address of a job on the operator surface: <c>subscriptions/{subscriptionId}/jobs/{jobName}</c> for classic jobs, or
/// <c>subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/jobs/{jobName}</c> for ARM jobs. Names match case-insensitively.
/// </summary>
public sealed class OperatorJobReference : IEquatable<OperatorJobReference>
{
    /// <summary>Creates a reference.</summary>
    /// <param name="subscriptionId">The owning subscription.</param>
    /// <param name="jobName">The job name.</param>
    /// <param name="resourceGroup">The resource group of an ARM job; <see langword="null"/> for a classic job.</param>
    /// <exception cref="ArgumentException"><paramref name="subscriptionId"/> or <paramref name="jobName"/> is <see langword="null"/> or empty, or <paramref name="resourceGroup"/> is empty.</exception>
    public OperatorJobReference(string subscriptionId, string jobName, string? resourceGroup = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        if (resourceGroup is { Length: 0 })
        {
            throw new ArgumentException("A resource group, when given, must not be empty.", nameof(resourceGroup));
        }

        SubscriptionId = subscriptionId;
        JobName = jobName;
        ResourceGroup = resourceGroup;
    }

    /// <summary>The owning subscription.</summary>
    public string SubscriptionId { get; }

    /// <summary>The job name.</summary>
    public string JobName { get; }

    /// <summary>The resource group of an ARM job; <see langword="null"/> for a classic job.</summary>
    public string? ResourceGroup { get; }

    /// <summary>The escaped path below <c>/operator/</c>, without a leading slash.</summary>
    internal string Path =>
        "subscriptions/" + Uri.EscapeDataString(SubscriptionId)
        + (ResourceGroup is null ? string.Empty : "/resourceGroups/" + Uri.EscapeDataString(ResourceGroup))
        + "/jobs/" + Uri.EscapeDataString(JobName);

    /// <summary>Whether both reference the same job (names compared case-insensitively, as the service does).</summary>
    /// <param name="other">The other reference.</param>
    /// <returns><see langword="true"/> when they address the same job.</returns>
    public bool Equals(OperatorJobReference? other) =>
        other is not null
        && string.Equals(SubscriptionId, other.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(JobName, other.JobName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceGroup, other.ResourceGroup, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OperatorJobReference);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(SubscriptionId),
        StringComparer.OrdinalIgnoreCase.GetHashCode(JobName),
        ResourceGroup is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(ResourceGroup));

    /// <summary>The unescaped path, e.g. <c>subscriptions/s1/jobs/job1</c>.</summary>
    /// <returns>The path.</returns>
    public override string ToString() =>
        $"subscriptions/{SubscriptionId}" + (ResourceGroup is null ? string.Empty : $"/resourceGroups/{ResourceGroup}") + $"/jobs/{JobName}";
}
