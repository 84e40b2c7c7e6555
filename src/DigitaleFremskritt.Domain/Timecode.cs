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
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                throw new FormatException($"'{text}' is not a time (use hh:mm:ss, mm:ss or seconds)");
            }

            seconds = (seconds * 60) + value;
        }

        // NaN/Infinity are rejected above; a finite but huge value would overflow TimeSpan.
        return double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"'{text}' is not a time (use hh:mm:ss, mm:ss or seconds)");
    }

    // Whole hours from TotalHours: the "h" specifier is only the hours component (0-23) and would drop whole days.
    public static string Format(TimeSpan time) =>
        time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
