namespace DigitaleFremskritt.Domain;

/// <summary>A time-coded transcript: what was said, when, and by whom where known.</summary>
public sealed record Transcript(IReadOnlyList<TranscriptSegment> Segments, string Language)
{
    public TimeSpan End => Segments.Count == 0 ? TimeSpan.Zero : Segments[^1].End;
}

/// <summary>One stretch of speech. Start &lt;= End; segments are ordered and do not overlap.</summary>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, string? Speaker = null);

/// <summary>Who made an episode's transcript: a producer's is never overwritten by the machine.</summary>
public enum TranscriptSource
{
    None,
    Machine,
    Human,
}
