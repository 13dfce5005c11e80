using Ferry.Client.Models;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Commands;

/// <summary>A job's chain of custody as a table (job and operator history commands).</summary>
internal static class HistoryTable
{
    public static IRenderable Create(IReadOnlyList<AuditEntry> entries)
    {
        var table = Output.Table("#", "At", "Actor", "Action", "Drive", "Change", "Reason");
        foreach (var e in entries)
        {
            var change = e.OldState is null && e.NewState is null ? string.Empty : $"{e.OldState ?? "-"} -> {e.NewState ?? "-"}";
            table.Row(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.Instant(e.At), $"{e.ActorKind} {e.Actor}", e.Action.ToString(), e.DriveId, change, e.Reason);
        }

        return table;
    }
}
