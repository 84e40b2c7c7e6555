namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Caption limits; the defaults follow common accessibility guidance (2 lines of 42 characters, 7 seconds).</summary>
public sealed record CueSplitterOptions
{
    /// <summary>Characters per line, counted as text elements (a decomposed "å" is one).</summary>
    public int MaxLineLength { get; init; } = 42;

    public int MaxLines { get; init; } = 2;

    public TimeSpan MaxCueDuration { get; init; } = TimeSpan.FromSeconds(7);
}
