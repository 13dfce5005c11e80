namespace Ferry.Core.Transfer;

/// <summary>The worker's claim lapsed and another worker may hold the unit: stop without recording anything.</summary>
public sealed class LeaseLostException() : Exception("The transfer claim lapsed; another worker may have taken the drive.");
