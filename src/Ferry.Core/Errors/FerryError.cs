namespace Ferry.Core.Errors;

/// <summary>
/// An expected failure: a catalog entry plus what went wrong in this case. Never carries a secret.
/// </summary>
/// <param name="Kind">The catalog entry.</param>
/// <param name="Message">One English sentence for the caller.</param>
/// <param name="Target">The field, header or parameter at fault, when there is one.</param>
public sealed record FerryError(FerryErrorKind Kind, string Message, string? Target = null)
{
    /// <summary>HTTP status of the entry.</summary>
    public int Status => Kind.Status;
}
