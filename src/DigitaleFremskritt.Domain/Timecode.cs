using System.Globalization;

namespace DigitaleFremskritt.Domain;

public static class Timecode
{
    /// <summary>Parses "hh:mm:ss(.fff)", "mm:ss" or plain seconds, invariant culture.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length is < 1 or > 3)
        {
            throw new FormatException($"'{text}' is not a time (use hh:mm:ss, mm:ss or seconds)");
        }

        double seconds = 0;
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                throw new FormatException($"'{text}' is not a time (use hh:mm:ss, mm:ss or seconds)");
            }

            seconds = (seconds * 60) + value;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public static string Format(TimeSpan time) =>
        time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
