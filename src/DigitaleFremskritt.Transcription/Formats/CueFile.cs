using System.Net;
using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>What the WebVTT and SRT readers share: lines, timing lines and cue text markup.</summary>
internal static partial class CueFile
{
    /// <summary>Lines without BOM, whatever the line ends (CRLF, CR, LF).</summary>
    public static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
    }

    /// <summary>As <see cref="Lines(string)"/>, from a reader (a StreamReader drops the BOM); an empty input is one empty line.</summary>
    public static List<string> Lines(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(lines.Count == 0 && line.StartsWith('\uFEFF') ? line[1..] : line);
        }

        if (lines.Count == 0)
        {
            lines.Add("");
        }

        return lines;
    }

    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Parses "start --> end [settings]"; settings (WebVTT <c>align:start</c>, SRT <c>X1:…</c>) are ignored.</summary>
    public static (TimeSpan Start, TimeSpan End) ParseTiming(string line, int lineNumber, string example)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            throw new TranscriptFormatException(lineNumber, $"expected a cue timing line like '{example}', found '{Quote(line)}'");
        }

        var start = ParseTimestamp(line.AsSpan(0, arrow).Trim(), line, lineNumber, "start");
        var end = ParseTimestamp(EndTime(line, arrow), line, lineNumber, "end");
        if (end < start)
        {
            throw new TranscriptFormatException(
                lineNumber,
                $"the cue ends ({CueTime.Format(end, '.')}) before it starts ({CueTime.Format(start, '.')}) in '{Quote(line)}'");
        }

        return (start, end);
    }

    public static bool IsTiming(string line)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        return arrow >= 0
            && CueTime.TryParse(line.AsSpan(0, arrow).Trim(), out _)
            && CueTime.TryParse(EndTime(line, arrow), out _);
    }

    /// <summary>The end time after "-->": up to the first space or tab (cue settings follow it).</summary>
    private static ReadOnlySpan<char> EndTime(string line, int arrow)
    {
        var rest = line.AsSpan(arrow + 3).TrimStart();
        var gap = rest.IndexOfAny(' ', '\t');
        return gap < 0 ? rest : rest[..gap];
    }

    /// <summary>
    /// Cue text to plain text: lines joined with spaces, the first voice span's name as speaker, tags removed,
    /// character references decoded. WebVTT escapes every '&lt;' that is not a tag; SRT does not, so there only
    /// the tags players know are removed and "2 &lt; 3" survives.
    /// </summary>
    public static (string Text, string? Speaker) CleanText(IEnumerable<string> lines, bool allAnglesAreTags)
    {
        var raw = string.Join(' ', lines);
        if (!raw.Contains('<', StringComparison.Ordinal) && !raw.Contains('{', StringComparison.Ordinal))
        {
            return (CaptionText.Normalize(WebUtility.HtmlDecode(raw)), null);
        }

        var voice = Voice().Match(raw);
        var speaker = voice.Success ? CaptionText.NormalizeSpeaker(WebUtility.HtmlDecode(voice.Groups["name"].Value)) : null;
        var stripped = allAnglesAreTags ? StripAllTags(raw) : KnownTag().Replace(raw, "");
        return (CaptionText.Normalize(WebUtility.HtmlDecode(stripped)), speaker);
    }

    public static Transcript ToTranscript(List<TranscriptSegment> segments, string language)
    {
        ArgumentNullException.ThrowIfNull(language);

        // Producers' files are not always in order; OrderBy is stable, so equal starts keep their order. Most are in
        // order already, and then the list is kept as it is.
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Start < segments[i - 1].Start)
            {
                return new Transcript(segments.OrderBy(segment => segment.Start).ToList(), language);
            }
        }

        return new Transcript(segments, language);
    }

    public static string Quote(string line) => line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");

    private static TimeSpan ParseTimestamp(ReadOnlySpan<char> text, string line, int lineNumber, string which)
    {
        if (text.Length == 0)
        {
            throw new TranscriptFormatException(lineNumber, $"the {which} time is missing in '{Quote(line)}'");
        }

        return CueTime.TryParse(text, out var time)
            ? time
            : throw new TranscriptFormatException(lineNumber, $"'{Quote(text.ToString())}' in '{Quote(line)}' is not a timestamp (expected hh:mm:ss.mmm)");
    }

    [GeneratedRegex(@"<v(?:\.[^\s>]*)?[ \t]+(?<name>[^>]*)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    /// <summary>
    /// Removes every tag: from '&lt;' to the next '&gt;', or to the end when none follows (WebVTT escapes a literal
    /// '&lt;' as &amp;lt;). By hand rather than with a regex: it runs on every cue of every transcript the site shows.
    /// </summary>
    public static string StripAllTags(string text)
    {
        var next = text.IndexOf('<', StringComparison.Ordinal);
        if (next < 0)
        {
            return text;
        }

        var buffer = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var from = 0;
        while (next >= 0)
        {
            text.AsSpan(from, next - from).CopyTo(buffer[length..]);
            length += next - from;
            var close = text.IndexOf('>', next + 1);
            if (close < 0)
            {
                return new string(buffer[..length]);
            }

            from = close + 1;
            next = text.IndexOf('<', from);
        }

        text.AsSpan(from).CopyTo(buffer[length..]);
        return new string(buffer[..(length + text.Length - from)]);
    }

    [GeneratedRegex(
        @"</?(?:i|b|u|s|c|ruby|rt)>|<c\.[\w.-]*>|</?font(?:\s[^<>]*)?>|<v(?:\.[\w.-]*)?\s[^<>]*>|</v>|<lang\s[^<>]*>|</lang>|\{\\[^{}]*\}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownTag();
}
