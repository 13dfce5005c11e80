namespace Ferry.Core.Transfer;

/// <summary>The disposition decision for one blob, recorded before its first byte is written.</summary>
/// <param name="Target">The blob name written (after a rename).</param>
/// <param name="DispositionStatus">Created, Renamed, Skipped or Overwritten.</param>
internal sealed record ImportDecision(string Target, string DispositionStatus);
