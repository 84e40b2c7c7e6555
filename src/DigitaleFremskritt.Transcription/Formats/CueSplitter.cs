using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>
/// Turns transcript segments into caption cues within <see cref="CueSplitterOptions"/>: lines no longer than
/// <see cref="CueSplitterOptions.MaxLineLength"/>, no more than <see cref="CueSplitterOptions.MaxLines"/> lines per cue and
/// no cue longer than <see cref="CueSplitterOptions.MaxCueDuration"/>.
/// </summary>
/// <remarks>
/// A segment is split only between words (a word longer than a line is hard-broken). A split segment's time is shared
/// out in proportion to the characters of each cue, so cues stay in order, do not overlap and stay inside the segment.
/// It prefers few cues, even cues and lines, and breaks after punctuation.
/// A single word that would be on screen longer than the maximum is cut short in time, leaving a gap.
/// </remarks>
public sealed class CueSplitter
{
    // Costs are squared lengths, relative to a full line (lines) or a full cue (cues). The bonuses buy some imbalance:
    // with the defaults a sentence end is worth two lines of ~42/18 characters instead of 30/30. Each cue costs more than
    // splitting a full cue evenly saves, so cues are added only when they are needed or let cues end with sentences.
    private const double LineSentenceBonus = 0.2;
    private const double LineClauseBonus = 0.06;
    private const double CueSentenceBonus = 0.09;
    private const double CueClauseBonus = 0.035;
    private const double CuePenalty = 0.7;

    private readonly CueSplitterOptions options;

    public CueSplitter(CueSplitterOptions? options = null)
    {
        options ??= new CueSplitterOptions();
        if (options.MaxLineLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLineLength, "MaxLineLength must be at least 1.");
        }

        if (options.MaxLines < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLines, "MaxLines must be at least 1.");
        }

        if (options.MaxCueDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCueDuration, "MaxCueDuration must be positive.");
        }

        this.options = options;
    }

    public CueSplitterOptions Options => options;

    public IReadOnlyList<Cue> Split(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return Split(transcript.Segments);
    }

    /// <param name="segments">Segments in time order; empty ones are dropped.</param>
    /// <param name="speakerLabel">
    /// For formats that show the speaker as text (SRT's "Kari Nordmann: "): given a known speaker, the label put in front of
    /// the first line of each of that speaker's cues. It counts towards the line length and must be shorter than a line.
    /// </param>
    public IReadOnlyList<Cue> Split(IReadOnlyList<TranscriptSegment> segments, Func<string, string>? speakerLabel = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var cues = new List<Cue>();
        for (var index = 0; index < segments.Count; index++)
        {
            var segment = segments[index];
            if (segment.Start < TimeSpan.Zero || segment.End < segment.Start)
            {
                throw new ArgumentException(
                    $"Segment {index} runs from {segment.Start} to {segment.End}; a segment must start at or after zero and not end before it starts.",
                    nameof(segments));
            }

            var text = CaptionText.Normalize(segment.Text);
            if (text.Length == 0)
            {
                continue;
            }

            var speaker = CaptionText.NormalizeSpeaker(segment.Speaker);
            var label = speaker is not null && speakerLabel is not null ? speakerLabel(speaker) : "";
            var labelLength = CaptionText.Length(label);
            if (labelLength >= options.MaxLineLength)
            {
                throw new ArgumentException(
                    $"The speaker label '{label}' is {labelLength} characters; it must be shorter than a line ({options.MaxLineLength}).",
                    nameof(speakerLabel));
            }

            SplitSegment(segment.Start, segment.End, text, speaker, label, labelLength, cues);
        }

        return cues;
    }

    private void SplitSegment(TimeSpan start, TimeSpan end, string text, string? speaker, string label, int labelLength, List<Cue> cues)
    {
        var words = new List<Word>();
        foreach (var token in text.Split(' '))
        {
            // Pieces this short fit on any line, the labelled first line included.
            foreach (var piece in CaptionText.HardBreak(token, options.MaxLineLength - labelLength))
            {
                words.Add(new Word(piece, CaptionText.Length(piece)));
            }
        }

        // Each word weighs its length plus the space after it, so the weights add up the same however the words are grouped.
        var weightBefore = new long[words.Count + 1];
        for (var i = 0; i < words.Count; i++)
        {
            weightBefore[i + 1] = weightBefore[i] + words[i].Length + 1;
        }

        var chunkEnds = ChooseCueBreaks(words, weightBefore, end - start, labelLength);

        var chunkStart = 0;
        foreach (var chunkEnd in chunkEnds)
        {
            var cueStart = Boundary(chunkStart);
            var cueEnd = Boundary(chunkEnd);
            if (cueEnd - cueStart > options.MaxCueDuration)
            {
                cueEnd = cueStart + options.MaxCueDuration;
            }

            var lines = LayOutLines(words, chunkStart, chunkEnd, labelLength);
            lines[0] = label + lines[0];
            cues.Add(new Cue(cueStart, cueEnd, lines, speaker));
            chunkStart = chunkEnd;
        }

        TimeSpan Boundary(int wordIndex)
        {
            if (wordIndex == 0)
            {
                return start;
            }

            if (wordIndex == words.Count)
            {
                return end;
            }

            var offset = (long)((Int128)(end - start).Ticks * weightBefore[wordIndex] / weightBefore[^1]);
            var rounded = CueTime.RoundToMilliseconds(start + TimeSpan.FromTicks(offset));
            return rounded < start ? start : rounded > end ? end : rounded;
        }
    }

    /// <summary>Returns the exclusive end word index of each cue, found by dynamic programming over the break points.</summary>
    private List<int> ChooseCueBreaks(List<Word> words, long[] weightBefore, TimeSpan duration, int labelLength)
    {
        var count = words.Count;
        var cost = new double[count + 1];
        var previous = new int[count + 1];
        Array.Fill(cost, double.PositiveInfinity);
        cost[0] = 0;
        var fullCue = (double)options.MaxLines * options.MaxLineLength * options.MaxLines * options.MaxLineLength;

        for (var end = 1; end <= count; end++)
        {
            var bonus = end < count ? fullCue * BreakBonus(words[end - 1].Text, CueSentenceBonus, CueClauseBonus) : 0;
            var length = -1;
            for (var begin = end - 1; begin >= 0; begin--)
            {
                length += words[begin].Length + 1;

                // Adding words in front never makes a cue fit again, so the first misfit ends the search.
                if (CountLines(words, begin, end, labelLength) > options.MaxLines)
                {
                    break;
                }

                var single = end - begin == 1;
                if (!single && !FitsDuration(weightBefore[end] - weightBefore[begin], weightBefore[^1], duration))
                {
                    break;
                }

                var visible = (double)(length + labelLength);
                var candidate = cost[begin] + (CuePenalty * fullCue) + (visible * visible) - bonus;
                if (candidate < cost[end])
                {
                    cost[end] = candidate;
                    previous[end] = begin;
                }
            }
        }

        var ends = new List<int>();
        for (var end = count; end > 0; end = previous[end])
        {
            ends.Add(end);
        }

        ends.Reverse();
        return ends;
    }

    private bool FitsDuration(long weight, long totalWeight, TimeSpan duration) =>
        (Int128)duration.Ticks * weight <= (Int128)options.MaxCueDuration.Ticks * totalWeight;

    /// <summary>The fewest lines the words can be set in (greedy filling is optimal for that).</summary>
    private int CountLines(List<Word> words, int begin, int end, int labelLength)
    {
        var lines = 1;
        var width = options.MaxLineLength - labelLength;
        var used = 0;
        for (var i = begin; i < end; i++)
        {
            var length = words[i].Length;
            if (used == 0)
            {
                used = length;
            }
            else if (used + 1 + length <= width)
            {
                used += 1 + length;
            }
            else
            {
                lines++;
                width = options.MaxLineLength;
                used = length;
            }
        }

        return lines;
    }

    /// <summary>Sets the words in the fewest lines, as even as possible, preferring breaks after punctuation.</summary>
    private string[] LayOutLines(List<Word> words, int begin, int end, int labelLength)
    {
        var lineCount = CountLines(words, begin, end, labelLength);
        var count = end - begin;
        if (lineCount == 1)
        {
            return [Join(words, begin, end)];
        }

        // best[l, k]: cheapest way to set the first k words in l lines.
        var best = new double[lineCount + 1, count + 1];
        var previous = new int[lineCount + 1, count + 1];
        for (var l = 0; l <= lineCount; l++)
        {
            for (var k = 0; k <= count; k++)
            {
                best[l, k] = double.PositiveInfinity;
            }
        }

        best[0, 0] = 0;
        var fullLine = (double)options.MaxLineLength * options.MaxLineLength;
        for (var line = 1; line <= lineCount; line++)
        {
            var width = line == 1 ? options.MaxLineLength - labelLength : options.MaxLineLength;
            var offset = line == 1 ? labelLength : 0;
            for (var k = 1; k <= count; k++)
            {
                var bonus = k < count ? fullLine * BreakBonus(words[begin + k - 1].Text, LineSentenceBonus, LineClauseBonus) : 0;
                var length = -1;
                for (var s = k - 1; s >= 0; s--)
                {
                    length += words[begin + s].Length + 1;
                    if (length > width)
                    {
                        break;
                    }

                    if (double.IsPositiveInfinity(best[line - 1, s]))
                    {
                        continue;
                    }

                    var visible = (double)(length + offset);
                    var candidate = best[line - 1, s] + (visible * visible) - bonus;
                    if (candidate < best[line, k])
                    {
                        best[line, k] = candidate;
                        previous[line, k] = s;
                    }
                }
            }
        }

        var lines = new string[lineCount];
        for (int line = lineCount, k = count; line > 0; line--)
        {
            var s = previous[line, k];
            lines[line - 1] = Join(words, begin + s, begin + k);
            k = s;
        }

        return lines;
    }

    private static double BreakBonus(string wordBeforeBreak, double sentenceBonus, double clauseBonus) =>
        CaptionText.EndsSentence(wordBeforeBreak) ? sentenceBonus
        : CaptionText.EndsClause(wordBeforeBreak) ? clauseBonus
        : 0;

    private static string Join(List<Word> words, int begin, int end) =>
        string.Join(' ', words.Skip(begin).Take(end - begin).Select(word => word.Text));

    private readonly record struct Word(string Text, int Length);
}
