namespace Ferry.Core.Jobs;

/// <summary>Where the drives go back to. Every member is a non-empty string.</summary>
public sealed record ReturnAddress(string Name, string Address, string Phone, string Email);
