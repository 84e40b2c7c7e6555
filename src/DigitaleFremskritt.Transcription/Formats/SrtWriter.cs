using System.Globalization;
using System.Text;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Writes SubRip captions: numbered cues, "hh:mm:ss,mmm" times, LF line ends. SRT has no escaping, so text is written as
/// it is (control characters removed); a known speaker is shown as "Kari Nordmann: " at the start of each cue.
/// </summary>
public sealed class SrtWriter : ITranscriptWriter
{
    private readonly CueSplitter splitter;

    public SrtWriter(CueSplitterOptions? options = null) => splitter = new CueSplitter(options);

    public string FileExtension => ".srt";

    public string MediaType => "application/x-subrip";

    public string Write(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var builder = new StringBuilder();
        var cues = splitter.Split(transcript.Segments, SpeakerLabel);
        for (var i = 0; i < cues.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            builder.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(CueTime.Format(cues[i].Start, ','))
                .Append(" --> ")
                .Append(CueTime.Format(cues[i].End, ','))
                .Append('\n')
                .AppendJoin('\n', cues[i].Lines)
                .Append('\n');
        }

        return builder.ToString();
    }

    // A label may take at most half a line, so a long name cannot squeeze out the words; longer names are shortened with "…".
    private string SpeakerLabel(string speaker)
    {
        var maxName = Math.Max(1, (splitter.Options.MaxLineLength / 2) - 2);
        if (CaptionText.Length(speaker) > maxName)
        {
            speaker = string.Concat(CaptionText.HardBreak(speaker, maxName - 1).First().TrimEnd(), "…");
        }

        return speaker + ": ";
    }
}
