using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ferry.Core.Drives;

/// <summary>Drive ids of folder drives, shaped like a disk serial number such as <c>9WM35C2V</c>.</summary>
public static class DriveIds
{
    /// <summary>Longest id <see cref="IsValid"/> accepts.</summary>
    public const int MaxLength = 64;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new random id: 8 characters from A–Z and 0–9, from the cryptographic generator; always <see cref="IsValid"/>.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 8);

    /// <summary>True for 1 to <see cref="MaxLength"/> characters, each an ASCII letter, digit, <c>-</c> or <c>_</c>.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
