namespace Ferry.Core.Jobs;

/// <summary>The customer's carrier account for the return shipment. Both members are non-empty.</summary>
public sealed record ReturnShipping(string CarrierName, string CarrierAccountNumber);
