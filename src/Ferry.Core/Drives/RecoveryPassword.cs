using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Ferry.Core.Drives;

/// <summary>
/// BitLocker recovery passwords: 8 groups of 6 digits joined by <c>-</c>, each group 11 times a 16-bit value (so a
/// multiple of 11 below 720,896), e.g. <c>238810-662376-448998-450120-652806-203390-606320-483076</c>.
/// </summary>
public static class RecoveryPassword
{
    private const int Groups = 8;
    private const int GroupDigits = 6;
    private const int GroupLimit = 65536 * 11;

    /// <summary>The length of a recovery password: 8 groups of 6 digits and 7 dashes.</summary>
    public const int Length = (Groups * GroupDigits) + Groups - 1;

    /// <summary>A new random password from the cryptographic generator; always <see cref="IsWellFormed"/>.</summary>
    public static string Generate() =>
        string.Join('-', Enumerable.Range(0, Groups).Select(_ => (RandomNumberGenerator.GetInt32(0, 65536) * 11).ToString("D6", CultureInfo.InvariantCulture)));

    /// <summary>
    /// True for exactly the shape <see cref="Generate"/> gives: 55 characters, 8 groups of 6 ASCII digits separated by
    /// single dashes, each group a multiple of 11 below 720,896. False for null, spaces, other separators or lengths.
    /// </summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? value)
    {
        if (value is not { Length: Length })
        {
            return false;
        }

        for (var group = 0; group < Groups; group++)
        {
            var start = group * (GroupDigits + 1);
            if (group > 0 && value[start - 1] != '-')
            {
                return false;
            }

            var digits = value.AsSpan(start, GroupDigits);
            if (digits.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            var number = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (number % 11 != 0 || number >= GroupLimit)
            {
                return false;
            }
        }

        return true;
    }
}
