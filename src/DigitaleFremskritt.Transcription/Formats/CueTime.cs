using System.Globalization;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Cue timestamps: millisecond rounding, "hh:mm:ss.mmm" formatting and tolerant parsing.</summary>
internal static class CueTime
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
    public static bool TryParse(string text, out TimeSpan time) => TryParse(text.AsSpan(), out time);

    /// <summary>
    /// As <see cref="TryParse(string, out TimeSpan)"/>, on a span: "[h:]m:s(.|,)f" with 1-6 hour, 1-2 minute and second,
    /// 1-3 fraction digits (ASCII), minutes and seconds below 60. Hand-written rather than a regex: a long transcript
    /// has thousands of these, and the site build reads every transcript.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan time)
    {
        time = default;
        Span<long> fields = stackalloc long[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var i = 0;
        while (count < 3)
        {
            widths[count] = Digits(text[i..], out fields[count]);
            if (widths[count] == 0)
            {
                return false;
            }

            i += widths[count++];
            if (i < text.Length && text[i] == ':')
            {
                i++;
                continue;
            }

            break;
        }

        // Hours take 1-6 digits, minutes and seconds 1-2; then '.' or ',' and 1-3 fraction digits, nothing after.
        if (count < 2 || (count == 3 && widths[0] > 6) || widths[count - 2] > 2 || widths[count - 1] > 2
            || i >= text.Length || text[i] is not ('.' or ','))
        {
            return false;
        }

        var fractionDigits = Digits(text[(i + 1)..], out var fraction);
        if (fractionDigits is 0 or > 3 || i + 1 + fractionDigits != text.Length)
        {
            return false;
        }

        var hours = count == 3 ? fields[0] : 0;
        var minutes = fields[count - 2];
        var seconds = fields[count - 1];
        if (minutes > 59 || seconds > 59 || hours > 100_000)
        {
            return false;
        }

        var milliseconds = fraction * (fractionDigits == 1 ? 100 : fractionDigits == 2 ? 10 : 1);
        time = TimeSpan.FromMilliseconds(milliseconds) + TimeSpan.FromSeconds(seconds) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromHours(hours);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var n = 0;
        while (n < text.Length && n < 7 && char.IsAsciiDigit(text[n]))
        {
            value = (value * 10) + (text[n] - '0');
            n++;
        }

        return n;
    }
}
