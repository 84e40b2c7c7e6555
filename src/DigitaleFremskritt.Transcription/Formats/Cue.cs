namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// One caption as shown on screen: at most <see cref="CueSplitterOptions.MaxLines"/> lines of plain, unescaped text.
/// Each writer escapes and decorates the lines for its own format.
/// </summary>
public sealed record Cue(TimeSpan Start, TimeSpan End, IReadOnlyList<string> Lines, string? Speaker = null)
{
    /// <summary>The lines joined with spaces, as a reader gives the cue's text back.</summary>
    public string Text => string.Join(' ', Lines);
}
