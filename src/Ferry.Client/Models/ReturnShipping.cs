using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>The carrier account the service uses to return drives (<c>ReturnShipping</c>).</summary>
public sealed class ReturnShipping
{
    /// <summary>Creates return-shipping details.</summary>
    /// <param name="carrierName">The carrier, e.g. <c>FedEx</c>.</param>
    /// <param name="carrierAccountNumber">The customer's account number with that carrier.</param>
    public ReturnShipping(string carrierName, string carrierAccountNumber)
    {
        CarrierName = carrierName;
        CarrierAccountNumber = carrierAccountNumber;
    }

    /// <summary>The carrier name (<c>CarrierName</c>).</summary>
    [JsonPropertyName("CarrierName")]
    public string CarrierName { get; set; }

    /// <summary>The carrier account number (<c>CarrierAccountNumber</c>).</summary>
    [JsonPropertyName("CarrierAccountNumber")]
    public string CarrierAccountNumber { get; set; }
}
