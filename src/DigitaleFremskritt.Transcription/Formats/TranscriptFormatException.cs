namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>A transcript file (WebVTT, SRT) that cannot be read; the message starts with "line N: ".</summary>
public sealed class TranscriptFormatException : FormatException
{
    public TranscriptFormatException()
    {
    }

    public TranscriptFormatException(string message)
        : base(message)
    {
    }

    public TranscriptFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TranscriptFormatException(int lineNumber, string problem)
        : base($"line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line of the problem, when known.</summary>
    public int? LineNumber { get; }
}
