namespace Ferry.Core.Drives;

/// <summary>
/// Internal signal of a rejected document, thrown by <see cref="XmlCursor"/> and the parsers and turned into a
/// <see cref="DriveFormatProblem"/> by <see cref="DriveXml.TryParse"/>; it never leaves the public readers.
/// </summary>
internal sealed class DriveFormatException(string message) : Exception(message);
