namespace Ferry.Core.Errors;

/// <summary>
/// One entry of the error catalog: the HTTP status and the code each surface renders for it.
/// Entries are defined only in <see cref="FerryErrors"/>.
/// </summary>
/// <param name="Name">Stable catalog name, used by the operator surface and in logs.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="ClassicCode">ExtendedCode on the classic surface.</param>
/// <param name="ArmCode">Error code on the ARM surface.</param>
/// <param name="Summary">Generic English message for the status.</param>
public sealed record FerryErrorKind(string Name, int Status, string ClassicCode, string ArmCode, string Summary);
