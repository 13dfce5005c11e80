using System.CommandLine.Parsing;
using System.Globalization;

namespace Ferry.Cli.Commands;

/// <summary>Parses durations given as <c>90</c> (seconds), <c>1.5s</c>, <c>500ms</c>, <c>10m</c>, <c>2h</c>, <c>7d</c> or <c>hh:mm:ss</c>.</summary>
internal static class Durations
{
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        if (TryParse(text, out var value) && value >= TimeSpan.Zero)
        {
            return value;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "The value";
        result.AddError($"{name} expects a duration such as 30, 30s, 500ms, 5m, 1h or 00:05:00, got '{text}'.");
        return null;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units = [("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays)];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                value = make(amount);
                return true;
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
