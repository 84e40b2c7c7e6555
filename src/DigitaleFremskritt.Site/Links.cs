namespace DigitaleFremskritt.Site;

/// <summary>
/// Relative links between pages and files of the public tree, so the same HTML works at the site root, under a
/// blob container's path and in `fremskritt serve`.
/// </summary>
public static class Links
{
    /// <summary>The page's own name, e.g. "episodes/x/index.html", decides how many "../" lead back to the root.</summary>
    public static string Relative(string fromPage, string toName)
    {
        var depth = fromPage.Count(c => c == '/');
        var prefix = string.Concat(Enumerable.Repeat("../", depth));
        var target = toName.EndsWith("index.html", StringComparison.Ordinal) ? toName[..^"index.html".Length] : toName;
        return target.Length == 0 ? (prefix.Length == 0 ? "./" : prefix) : prefix + target;
    }

    public static string Seconds(TimeSpan time) => ((long)Math.Floor(time.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"12:34" or "1:02:03" for people.</summary>
    public static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}" : $"{(int)time.TotalMinutes}:{time.Seconds:00}";

    /// <summary>"14 min" for people; durations under a minute in seconds.</summary>
    public static string Minutes(TimeSpan time) => time.TotalMinutes >= 1 ? $"{Math.Round(time.TotalMinutes)} min" : $"{Math.Round(time.TotalSeconds)} s";

    private static readonly string[] Months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];

    /// <summary>"10. mars 2027" (bokmål).</summary>
    public static string Date(DateOnly date) => $"{date.Day}. {Months[date.Month - 1]} {date.Year}";
}
