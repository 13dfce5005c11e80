namespace Ferry.Client.Internal;

/// <summary>The <c>{"value":[…]}</c> envelope of Ferry's list responses.</summary>
internal sealed class ValueList<T>
{
    public List<T>? Value { get; set; }
}
