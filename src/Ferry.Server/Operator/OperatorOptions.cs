namespace Ferry.Server.Operator;

/// <summary>
/// The operator surface (section <c>Ferry:Operator</c>).
/// To add a setting: add the property and its default here, validate it in <see cref="OperatorApi"/>, give its
/// default in <c>appsettings.json</c>, and add its line to the README's configuration reference.
/// </summary>
public sealed class OperatorOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ferry:Operator";

    /// <summary>Minimum token length accepted from configuration.</summary>
    public const int MinTokenLength = 16;

    /// <summary>
    /// The bearer token operators present. Null: the development token of <c>dev-credentials.json</c> when development
    /// credentials are on; otherwise the operator surface refuses every request.
    /// </summary>
    public string? Token { get; set; }
}
