namespace Ferry.Core.Errors;

/// <summary>The outcome of an operation: a value, or a catalog error. Exactly one is set.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct Result<T>
{
    private Result(T? value, FerryError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value; default when <see cref="Error"/> is set.</summary>
    public T? Value { get; }

    /// <summary>The error; null on success.</summary>
    public FerryError? Error { get; }

    /// <summary>True when there is no error.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A success; use where the value itself converts ambiguously (null of a nullable type).</summary>
#pragma warning disable CA1000 // The factory reads better at call sites than a non-generic helper.
    public static Result<T> FromValue(T value) => new(value, null);
#pragma warning restore CA1000

    /// <summary>Wraps a value.</summary>
    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>Wraps an error.</summary>
    public static implicit operator Result<T>(FerryError error) => new(default, error);
}
