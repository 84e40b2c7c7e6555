using System.Text;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Writes WebVTT captions (LF line ends); known speakers become voice spans, <c>&lt;v Kari Nordmann&gt;</c>.</summary>
public sealed class WebVttWriter : ITranscriptWriter
{
    private readonly CueSplitter splitter;

    public WebVttWriter(CueSplitterOptions? options = null) => splitter = new CueSplitter(options);

    public string FileExtension => ".vtt";

    public string MediaType => "text/vtt";

    public string Write(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var builder = new StringBuilder("WEBVTT\n");
        foreach (var cue in splitter.Split(transcript))
        {
            builder.Append('\n')
                .Append(CueTime.Format(cue.Start, '.'))
                .Append(" --> ")
                .Append(CueTime.Format(cue.End, '.'))
                .Append('\n');
            if (cue.Speaker is not null)
            {
                builder.Append("<v ").Append(Escape(cue.Speaker)).Append('>');
            }

            builder.AppendJoin('\n', cue.Lines.Select(Escape));
            if (cue.Speaker is not null)
            {
                builder.Append("</v>");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    // Escaping '>' as well keeps "-->" out of cue text, where it would start a new cue, and '>' out of voice names.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
}
