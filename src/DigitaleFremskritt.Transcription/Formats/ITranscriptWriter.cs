using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Renders a transcript as one file format; the caller decides where (and how atomically) to write it.</summary>
public interface ITranscriptWriter
{
    /// <summary>File extension with the dot, e.g. ".vtt".</summary>
    string FileExtension { get; }

    /// <summary>MIME type as used by the podcast:transcript tag, e.g. "text/vtt".</summary>
    string MediaType { get; }

    string Write(Transcript transcript);
}
