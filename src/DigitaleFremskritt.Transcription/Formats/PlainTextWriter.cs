using System.Text;
using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Writes the transcript as readable paragraphs without timestamps. A paragraph ends at a pause, at a change of
/// speaker, or at the first sentence end after <see cref="PlainTextWriterOptions.ParagraphLength"/> characters.
/// Paragraphs of a known speaker start with "Name: ".
/// </summary>
public sealed partial class PlainTextWriter : ITranscriptWriter
{
    private readonly PlainTextWriterOptions options;

    public PlainTextWriter(PlainTextWriterOptions? options = null) => this.options = options ?? new PlainTextWriterOptions();

    public string FileExtension => ".txt";

    public string MediaType => "text/plain";

    public string Write(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();
        string? speaker = null;
        TimeSpan? previousEnd = null;

        foreach (var segment in transcript.Segments)
        {
            var text = CaptionText.Normalize(segment.Text);
            if (text.Length == 0)
            {
                continue;
            }

            var segmentSpeaker = CaptionText.NormalizeSpeaker(segment.Speaker);
            if (paragraph.Length > 0 && (segment.Start - previousEnd >= options.ParagraphPause || segmentSpeaker != speaker))
            {
                Close();
            }

            speaker = segmentSpeaker;
            previousEnd = segment.End;

            // Long segments may hold many sentences; a paragraph can end after any of them.
            foreach (var sentence in SentenceBreak().Split(text))
            {
                if (paragraph.Length >= options.ParagraphLength && CaptionText.EndsSentence(paragraph.ToString()))
                {
                    Close();
                }

                if (paragraph.Length > 0)
                {
                    paragraph.Append(' ');
                }

                paragraph.Append(sentence);
            }
        }

        Close();
        return paragraphs.Count == 0 ? "" : string.Join("\n\n", paragraphs) + "\n";

        void Close()
        {
            if (paragraph.Length > 0)
            {
                paragraphs.Add(speaker is null ? paragraph.ToString() : $"{speaker}: {paragraph}");
                paragraph.Clear();
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?…][""'»”’)\]]*) ")]
    private static partial Regex SentenceBreak();
}
