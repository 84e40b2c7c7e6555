using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Reads a producer's WebVTT file into a transcript, one segment per cue. Tolerates a BOM, CRLF, cue identifiers,
/// cue settings, "mm:ss.mmm" times, NOTE/STYLE/REGION blocks, tags and character references; a voice span
/// <c>&lt;v Name&gt;</c> gives the speaker. Cues without text are dropped.
/// </summary>
public static class WebVttReader
{
    private const string Example = "00:00:01.000 --> 00:00:04.000";

    /// <exception cref="TranscriptFormatException">The text is not WebVTT; the message names the line.</exception>
    public static Transcript Read(string text, string language = "no") => Read(CueFile.Lines(text), language);

    /// <summary>As <see cref="Read(string, string)"/>, line by line from a reader (a file never held as one string).</summary>
    /// <exception cref="TranscriptFormatException">The text is not WebVTT; the message names the line.</exception>
    public static Transcript Read(TextReader reader, string language = "no") => Read(CueFile.Lines(reader), language);

    private static Transcript Read(IReadOnlyList<string> lines, string language)
    {
        if (!IsHeader(lines[0]))
        {
            throw new TranscriptFormatException(
                1,
                lines.Count == 1 && lines[0].Length == 0 ? "the file is empty; a WebVTT file starts with 'WEBVTT'"
                : $"missing 'WEBVTT' header, found '{CueFile.Quote(lines[0])}'");
        }

        var segments = new List<TranscriptSegment>();
        var textLines = new List<string>(2);
        var i = SkipBlock(lines, 0);
        while (true)
        {
            while (i < lines.Count && CueFile.IsBlank(lines[i]))
            {
                i++;
            }

            if (i == lines.Count)
            {
                break;
            }

            if (StartsBlock(lines[i], "NOTE") || StartsBlock(lines[i], "STYLE") || StartsBlock(lines[i], "REGION"))
            {
                i = SkipBlock(lines, i);
                continue;
            }

            // A line without "-->" before the timing line is the cue's identifier.
            if (!lines[i].Contains("-->", StringComparison.Ordinal))
            {
                var identifier = lines[i];
                i++;
                if (i == lines.Count || CueFile.IsBlank(lines[i]))
                {
                    throw new TranscriptFormatException(i, $"'{CueFile.Quote(identifier)}' is neither a cue timing line like '{Example}' nor followed by one");
                }
            }

            var (start, end) = CueFile.ParseTiming(lines[i], i + 1, Example);
            i++;

            // Cue text runs to a blank line; a line with "-->" starts the next cue even without one.
            textLines.Clear();
            while (i < lines.Count && !CueFile.IsBlank(lines[i]) && !lines[i].Contains("-->", StringComparison.Ordinal))
            {
                textLines.Add(lines[i]);
                i++;
            }

            var (cueText, speaker) = CueFile.CleanText(textLines, allAnglesAreTags: true);
            if (cueText.Length > 0)
            {
                segments.Add(new TranscriptSegment(start, end, cueText, speaker));
            }
        }

        return CueFile.ToTranscript(segments, language);
    }

    private static bool IsHeader(string line) =>
        line.StartsWith("WEBVTT", StringComparison.Ordinal) && (line.Length == 6 || line[6] is ' ' or '\t');

    private static bool StartsBlock(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.Ordinal) && (line.Length == keyword.Length || line[keyword.Length] is ' ' or '\t');

    private static int SkipBlock(IReadOnlyList<string> lines, int i)
    {
        while (i < lines.Count && !CueFile.IsBlank(lines[i]))
        {
            i++;
        }

        return i;
    }
}
