namespace DigitaleFremskritt.Transcription.Formats;

public sealed record PlainTextWriterOptions
{
    /// <summary>A silence at least this long between segments starts a new paragraph.</summary>
    public TimeSpan ParagraphPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Once a paragraph is this long (in characters), the next sentence end closes it.</summary>
    public int ParagraphLength { get; init; } = 600;
}
