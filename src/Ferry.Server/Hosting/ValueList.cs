namespace Ferry.Server.Hosting;

/// <summary>The list envelope of Ferry's own surfaces: <c>{"value":[…]}</c>.</summary>
internal sealed record ValueList<T>(IReadOnlyList<T> Value);
