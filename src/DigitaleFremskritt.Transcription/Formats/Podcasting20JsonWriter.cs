using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Writes the Podcasting 2.0 JSON transcript: <c>{"version":"1.0.0","segments":[{"speaker","startTime","endTime","body"}]}</c>,
/// one entry per transcript segment (not per caption cue), times in seconds to the millisecond.
/// </summary>
public sealed class Podcasting20JsonWriter : ITranscriptWriter
{
    // Letters such as æøå stay readable; HTML-sensitive characters are still escaped, which is valid JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public string FileExtension => ".json";

    public string MediaType => "application/json";

    public string Write(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0.0");
            writer.WriteStartArray("segments");
            foreach (var segment in transcript.Segments)
            {
                var body = CaptionText.Normalize(segment.Text);
                if (body.Length == 0)
                {
                    continue;
                }

                writer.WriteStartObject();
                if (CaptionText.NormalizeSpeaker(segment.Speaker) is { } speaker)
                {
                    writer.WriteString("speaker", speaker);
                }

                writer.WriteNumber("startTime", Seconds(segment.Start));
                writer.WriteNumber("endTime", Seconds(segment.End));
                writer.WriteString("body", body);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Whole milliseconds over 1000 print as at most three decimals (the shortest round-trip form of the double).
    private static double Seconds(TimeSpan time) => CueTime.ToMilliseconds(time) / 1000.0;
}
