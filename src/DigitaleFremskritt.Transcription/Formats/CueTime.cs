using System.Globalization;
using System.Text.RegularExpressions;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Cue timestamps: millisecond rounding, "hh:mm:ss.mmm" formatting and tolerant parsing.</summary>
internal static partial class CueTime
{
    public static long ToMilliseconds(TimeSpan time)
    {
        var milliseconds = Math.DivRem(time.Ticks, TimeSpan.TicksPerMillisecond, out var remainder);
        return remainder >= TimeSpan.TicksPerMillisecond / 2 ? milliseconds + 1
            : remainder <= -TimeSpan.TicksPerMillisecond / 2 ? milliseconds - 1
            : milliseconds;
    }

    public static TimeSpan RoundToMilliseconds(TimeSpan time) => TimeSpan.FromMilliseconds(ToMilliseconds(time));

    /// <summary>"hh:mm:ss.mmm" (WebVTT, separator '.') or "hh:mm:ss,mmm" (SRT, separator ','); hours grow past 99.</summary>
    public static string Format(TimeSpan time, char separator)
    {
        var total = ToMilliseconds(time);
        if (total < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "A cue time cannot be negative.");
        }

        var hours = total / 3_600_000;
        var minutes = total / 60_000 % 60;
        var seconds = total / 1000 % 60;
        var milliseconds = total % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}{separator}{milliseconds:000}");
    }

    /// <summary>Accepts "hh:mm:ss.mmm" and "mm:ss.mmm", with '.' or ',' before 1-3 fraction digits.</summary>
    public static bool TryParse(string text, out TimeSpan time)
    {
        time = default;
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var hours = match.Groups["h"].Success ? long.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var milliseconds = int.Parse(match.Groups["f"].Value.PadRight(3, '0'), CultureInfo.InvariantCulture);
        if (minutes > 59 || seconds > 59 || hours > 100_000)
        {
            return false;
        }

        time = new TimeSpan(0, 0, 0, 0, milliseconds) + TimeSpan.FromSeconds(seconds) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromHours(hours);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<h>\d{1,6}):)?(?<m>\d{1,2}):(?<s>\d{1,2})[.,](?<f>\d{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
