namespace Ferry.Core.Subscriptions;

/// <summary>The outcome of a registration.</summary>
/// <param name="Registration">The registration as stored.</param>
/// <param name="Created">True when the id was not registered before; false when its credentials were replaced.</param>
public sealed record StorageAccountRegistered(StorageAccountRegistration Registration, bool Created);
