using System.Globalization;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Reads a producer's SubRip file into a transcript, one segment per cue. Tolerates a BOM, CRLF, missing cue numbers,
/// a missing blank line before the next number, '.' for ',', formatting tags and character references.
/// A "Name: " prefix is kept as text (it cannot be told from "Merk: ..."), so SRT cues have no speaker.
/// </summary>
public static class SrtReader
{
    private const string Example = "00:00:01,000 --> 00:00:04,000";

    /// <exception cref="TranscriptFormatException">The text is not SRT; the message names the line.</exception>
    public static Transcript Read(string text, string language = "no")
    {
        var lines = CueFile.Lines(text);
        var segments = new List<TranscriptSegment>();
        var i = 0;
        while (true)
        {
            while (i < lines.Length && CueFile.IsBlank(lines[i]))
            {
                i++;
            }

            if (i == lines.Length)
            {
                break;
            }

            if (IsCueNumber(lines[i]))
            {
                var number = lines[i].Trim();
                i++;
                if (i == lines.Length || CueFile.IsBlank(lines[i]))
                {
                    throw new TranscriptFormatException(i, $"cue {number} has no timing line like '{Example}'");
                }
            }
            else if (!lines[i].Contains("-->", StringComparison.Ordinal))
            {
                throw new TranscriptFormatException(i + 1, $"expected a cue number or a timing line like '{Example}', found '{CueFile.Quote(lines[i])}'");
            }

            var (start, end) = CueFile.ParseTiming(lines[i], i + 1, Example);
            i++;

            var textLines = new List<string>();
            while (i < lines.Length && !CueFile.IsBlank(lines[i]) && !StartsNextCue(lines, i))
            {
                textLines.Add(lines[i]);
                i++;
            }

            var (cueText, speaker) = CueFile.CleanText(textLines, allAnglesAreTags: false);
            if (cueText.Length > 0)
            {
                segments.Add(new TranscriptSegment(start, end, cueText, speaker));
            }
        }

        return CueFile.ToTranscript(segments, language);
    }

    private static bool IsCueNumber(string line) =>
        int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    // SRT text may contain "-->" (it is not escaped), so only a complete timing line, or a number followed by one, starts a cue.
    private static bool StartsNextCue(string[] lines, int i) =>
        CueFile.IsTiming(lines[i]) || (IsCueNumber(lines[i]) && i + 1 < lines.Length && CueFile.IsTiming(lines[i + 1]));
}
