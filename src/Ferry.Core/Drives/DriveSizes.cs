using System.Globalization;

namespace Ferry.Core.Drives;

/// <summary>Drive sizes as people write them: <c>500GB</c>, <c>1.5TB</c>, <c>2GiB</c>, <c>100MB</c>, or plain bytes.</summary>
public static class DriveSizes
{
    private static readonly (string Unit, decimal Bytes)[] _units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50),
        ("KB", 1_000m), ("MB", 1_000_000m), ("GB", 1_000_000_000m), ("TB", 1_000_000_000_000m), ("PB", 1_000_000_000_000_000m),
        ("B", 1m),
    ];

    /// <summary>
    /// Parses a size: a non-negative decimal number (invariant culture, <c>.</c> as the decimal point, no thousands
    /// separators), optionally followed by spaces and a unit, ignoring case: <c>B</c>; <c>KB</c>, <c>MB</c>, <c>GB</c>,
    /// <c>TB</c>, <c>PB</c> in powers of 1000 (docs/formats.md §7.2: 1 GB = 10^9 bytes); <c>KiB</c>, <c>MiB</c>, <c>GiB</c>,
    /// <c>TiB</c>, <c>PiB</c> in powers of 1024. Without a unit the number is bytes.
    /// </summary>
    /// <returns>
    /// True with <paramref name="bytes"/> &gt; 0; false (and 0) for null, an unknown unit, a negative or zero size, a
    /// fraction of a byte (<c>1.5B</c>, <c>0.0001KB</c>) or more than <see cref="long.MaxValue"/> bytes.
    /// </returns>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var multiplier = 1m;
        foreach (var (unit, unitBytes) in _units)
        {
            if (value.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^unit.Length].TrimEnd();
                multiplier = unitBytes;
                break;
            }
        }

        if (value.Length == 0 || !char.IsAsciiDigit(value[0]) && value[0] != '.'
            || !decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            var total = number * multiplier;
            if (total <= 0 || total != decimal.Truncate(total) || total > long.MaxValue)
            {
                return false;
            }

            bytes = (long)total;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
