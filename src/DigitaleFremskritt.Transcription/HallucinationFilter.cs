using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription;

/// <summary>
/// Removes what Whisper is known to invent: subtitle credits learnt from TV subtitles, the same line repeated,
/// text with no letters, and text that starts after the audio ended. Keeps segments ordered and inside the media.
/// </summary>
public static partial class HallucinationFilter
{
    public static IReadOnlyList<TranscriptSegment> Clean(IEnumerable<TranscriptSegment> segments, TimeSpan mediaDuration)
    {
        var result = new List<TranscriptSegment>();
        var previousEnd = TimeSpan.Zero;
        string? previousText = null;
        var repeats = 0;
        foreach (var raw in segments)
        {
            var text = Whitespace().Replace(raw.Text, " ").Trim();
            if (text.Length == 0 || !text.Any(char.IsLetterOrDigit) || Credits().IsMatch(text) || raw.Start >= mediaDuration)
            {
                continue;
            }

            if (string.Equals(Normalise(text), Normalise(previousText), StringComparison.Ordinal))
            {
                // The same line over and over is Whisper looping, not the speaker.
                if (++repeats >= 1)
                {
                    continue;
                }
            }
            else
            {
                repeats = 0;
            }

            var start = raw.Start < previousEnd ? previousEnd : raw.Start;
            var end = raw.End > mediaDuration ? mediaDuration : raw.End;
            if (end <= start)
            {
                end = start + TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(1, (mediaDuration - start).TotalMilliseconds)));
                if (end > mediaDuration)
                {
                    continue;
                }
            }

            result.Add(raw with { Start = start, End = end, Text = text });
            previousEnd = end;
            previousText = text;
        }

        return result;
    }

    private static string Normalise(string? text) =>
        new((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Credits and channel boilerplate from the subtitles Whisper was trained on (Norwegian, Nordic, English).</summary>
    [GeneratedRegex(@"(tekst(et|ing)?\s+(av|:)|undertekst(er)?\s+(av|:)|norsk\s+tekst|nrk\s+tekst|amara\.org|subtitles?\s+by|captions?\s+by|transcri(bed|ption)\s+by|www\.|\.com\b|abonner|subscribe|like\s+and\s+subscribe|takk\s+for\s+at\s+du\s+(så|ser)\s+på)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credits();
}
