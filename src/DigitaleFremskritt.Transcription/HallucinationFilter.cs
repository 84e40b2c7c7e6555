using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription;

/// <summary>
/// Removes what Whisper is known to invent: a segment that is nothing but subtitle credits learnt from TV subtitles,
/// the same line looping, text with no letters. Then fits the timeline (see <see cref="FitTimeline"/>).
/// </summary>
public static partial class HallucinationFilter
{
    /// <summary>The same line this many times in a row is Whisper looping; the first ones stay ("Ja." "Ja." is speech).</summary>
    public const int MaxRepeats = 2;

    /// <summary>Credits are short: a long sentence that merely mentions "tekst av" is speech.</summary>
    private const int MaxCreditLength = 70;

    public static IReadOnlyList<TranscriptSegment> Clean(IEnumerable<TranscriptSegment> segments, TimeSpan mediaDuration)
    {
        var kept = new List<TranscriptSegment>();
        string? previous = null;
        var repeats = 0;
        foreach (var raw in segments)
        {
            var text = Whitespace().Replace(raw.Text, " ").Trim();
            if (text.Length == 0 || !text.Any(char.IsLetterOrDigit) || (text.Length <= MaxCreditLength && Credits().IsMatch(text)))
            {
                continue;
            }

            repeats = string.Equals(Normalise(text), Normalise(previous), StringComparison.Ordinal) ? repeats + 1 : 1;
            previous = text;
            if (repeats > MaxRepeats)
            {
                continue;
            }

            kept.Add(raw with { Text = text });
        }

        return FitTimeline(kept, mediaDuration);
    }

    /// <summary>
    /// Keeps segments inside the media, in order and without overlap: starts are moved past the previous end, ends
    /// are clamped to the duration, and a segment left with less than <paramref name="minimum"/> is dropped rather
    /// than squeezed into a sliver at the wrong time. Also used for producers' transcripts.
    /// </summary>
    public static IReadOnlyList<TranscriptSegment> FitTimeline(IEnumerable<TranscriptSegment> segments, TimeSpan mediaDuration, TimeSpan? minimum = null)
    {
        var shortest = minimum ?? TimeSpan.FromMilliseconds(200);
        var result = new List<TranscriptSegment>();
        var previousEnd = TimeSpan.Zero;
        foreach (var segment in segments.OrderBy(s => s.Start))
        {
            var start = segment.Start < previousEnd ? previousEnd : segment.Start;
            var end = segment.End > mediaDuration ? mediaDuration : segment.End;
            if (end - start < shortest)
            {
                continue;
            }

            result.Add(segment with { Start = start, End = end });
            previousEnd = end;
        }

        return result;
    }

    private static string Normalise(string? text) =>
        new((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Credits and channel boilerplate from the subtitles Whisper was trained on (Norwegian, Nordic, English), as a whole short segment.</summary>
    [GeneratedRegex(@"^\W*((norsk\s+|nrk\s+)?(tekst(et|ing)?|undertekst(er)?|oversatt|oversettelse|subtitles?|captions?|transcri(bed|ption))\s*(av|by|:).*|.*amara\.org.*|(vennligst\s+)?abonner.*|(please\s+)?(like\s+and\s+)?subscribe.*|takk\s+for\s+at\s+du\s+(så|ser)\s+på.*|norsk\s+tekst.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credits();
}
