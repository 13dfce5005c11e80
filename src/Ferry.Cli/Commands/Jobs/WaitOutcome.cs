using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// What the wait commands accept as <c>--state</c> and how the state they reach becomes an exit code.
/// </summary>
internal static class WaitOutcome
{
    /// <summary>The help text's exit-code paragraph, shared by every command that waits for a job.</summary>
    public const string ExitCodesHelp =
        "Exit codes: 0 the job completed and every drive completed (or a non-final --state was reached), "
        + "3 the job finished otherwise (Closed, or a drive not Completed, e.g. CompletedWithErrors, CompletedMoreInfo or NeverReceived), "
        + "4 timed out, 1 service error (including the job disappearing), 2 usage error (e.g. an unknown --state).";

    /// <summary>Every job state, in lifecycle order.</summary>
    public static IReadOnlyList<string> JobStates { get; } = Enum.GetNames<JobState>();

    /// <summary>The states waited for when none are given.</summary>
    public static IReadOnlyList<string> FinalStates { get; } = [nameof(JobState.Completed), nameof(JobState.Closed)];

    /// <summary>
    /// The <c>--state</c> values as the service spells them (compared case-insensitively), or <see cref="FinalStates"/>
    /// when none are given; a usage error naming the valid states for an unknown one.
    /// </summary>
    public static IReadOnlyList<string> TargetStates(IReadOnlyList<string>? given)
    {
        if (given is not { Count: > 0 })
        {
            return FinalStates;
        }

        var targets = new List<string>();
        foreach (var state in given)
        {
            var known = JobStates.FirstOrDefault(s => string.Equals(s, state, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliException($"--state '{state}' is not a job state; use one of {string.Join(", ", JobStates)}.");
            if (!targets.Contains(known, StringComparer.Ordinal))
            {
                targets.Add(known);
            }
        }

        return targets;
    }

    /// <summary>Whether the job is in one of <paramref name="targets"/> (case-insensitively).</summary>
    public static bool Reached(JobSnapshot job, IReadOnlyList<string> targets) =>
        job.State is { } state && targets.Contains(state, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The exit code of a wait that reached its target: 0 for a job Completed with every drive completed, 3 for a job
    /// that finished otherwise (Closed, Canceled, or a drive that did not complete), and 0 for any non-final state.
    /// </summary>
    public static int ExitCode(JobSnapshot job)
    {
        var state = job.State;
        if (!IsFinal(state))
        {
            return FerryCli.Ok;
        }

        return string.Equals(state, nameof(JobState.Completed), StringComparison.OrdinalIgnoreCase) && job.Drives.All(DriveCompleted)
            ? FerryCli.Ok
            : FerryCli.JobUnsuccessful;
    }

    /// <summary>
    /// Whether a drive completed: state Completed, or shipped back after a copy that ended Completed. Warnings
    /// (CompletedMoreInfo, CompletedWithWarnings), errors and drives never received do not count.
    /// </summary>
    public static bool DriveCompleted(DriveSnapshot drive) =>
        string.Equals(drive.CopyStatus, "Completed", StringComparison.OrdinalIgnoreCase)
        && drive.State is nameof(DriveState.Completed) or nameof(DriveState.ShippedBack);

    public static bool IsFinal(string? state) =>
        state is nameof(JobState.Completed) or nameof(JobState.Closed) or nameof(JobState.Canceled);

    /// <summary>Why a finished job exits 3, e.g. <c>drive WD-2 is NeverReceived</c>; empty for a successful job.</summary>
    public static string Reason(JobSnapshot job)
    {
        var failed = job.Drives.Where(d => !DriveCompleted(d)).Select(d => $"drive {d.DriveId} is {d.State}" + (d.CopyStatus is { } c ? $" ({c})" : string.Empty));
        return string.Join("; ", failed);
    }
}
