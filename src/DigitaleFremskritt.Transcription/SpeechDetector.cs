using NAudio.Wave;

namespace DigitaleFremskritt.Transcription;

/// <summary>A stretch of the recording that holds speech (or at least sound).</summary>
public sealed record SpeechRegion(TimeSpan Start, TimeSpan End)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>
/// Energy-based voice activity detection on the loudness-normalised 16 kHz WAV: Whisper only sees the regions with
/// sound, so silent stretches cannot produce hallucinated words. (Whisper.net 1.9 exposes no VAD of its own, and the
/// Silero model cannot be fetched here; after normalisation to -16 LUFS a fixed dBFS threshold is reliable.)
/// </summary>
public static class SpeechDetector
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan MergeGap = TimeSpan.FromSeconds(0.6);
    private static readonly TimeSpan Padding = TimeSpan.FromSeconds(0.2);
    private static readonly TimeSpan MinimumSpeech = TimeSpan.FromSeconds(0.25);

    /// <summary>
    /// Neighbouring regions separated by pauses up to this long share one Whisper window (up to <see cref="MaxRegion"/>),
    /// so Whisper runs about as many 30 s encoder passes as on the whole file, while long silences stay out.
    /// </summary>
    public static readonly TimeSpan PackGap = TimeSpan.FromSeconds(3);

    /// <summary>Whisper works on up to 30 s windows; longer regions are cut at their quietest frame near 25 s.</summary>
    public static readonly TimeSpan MaxRegion = TimeSpan.FromSeconds(28);

    public static IReadOnlyList<SpeechRegion> Detect(string wavPath, double thresholdDbfs, CancellationToken cancellationToken = default)
    {
        using var reader = new WaveFileReader(wavPath);
        var rate = reader.WaveFormat.SampleRate;
        var channels = reader.WaveFormat.Channels;
        var frameSamples = (int)(rate * Frame.TotalSeconds);
        var samples = reader.ToSampleProvider();
        var buffer = new float[frameSamples * channels];
        var levels = new List<double>();
        int read;
        while ((read = samples.Read(buffer.AsSpan())) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double sum = 0;
            for (var i = 0; i < read; i++)
            {
                sum += buffer[i] * buffer[i];
            }

            var rms = Math.Sqrt(sum / read);
            levels.Add(rms > 0 ? 20 * Math.Log10(rms) : -200);
        }

        var total = TimeSpan.FromSeconds(reader.SampleCount / (double)rate);
        return FromLevels(levels, thresholdDbfs, total);
    }

    /// <summary>Turns per-frame levels into padded, merged, length-limited regions (pure, for unit tests).</summary>
    public static IReadOnlyList<SpeechRegion> FromLevels(IReadOnlyList<double> levelsDbfs, double thresholdDbfs, TimeSpan total)
    {
        var raw = new List<(int Start, int End)>();
        int? start = null;
        for (var i = 0; i <= levelsDbfs.Count; i++)
        {
            var loud = i < levelsDbfs.Count && levelsDbfs[i] > thresholdDbfs;
            if (loud && start is null)
            {
                start = i;
            }
            else if (!loud && start is { } s)
            {
                raw.Add((s, i));
                start = null;
            }
        }

        var regions = new List<SpeechRegion>();
        foreach (var (s, e) in raw)
        {
            var region = new SpeechRegion(Max(TimeSpan.Zero, Frame * s - Padding), Min(total, Frame * e + Padding));
            if (regions.Count > 0 && region.Start - regions[^1].End <= MergeGap)
            {
                regions[^1] = regions[^1] with { End = region.End };
            }
            else
            {
                regions.Add(region);
            }
        }

        var speech = regions
            .Where(r => r.Duration >= MinimumSpeech + Padding + Padding || r.Duration >= MinimumSpeech && (r.Start == TimeSpan.Zero || r.End == total))
            .SelectMany(r => Split(r, levelsDbfs));
        return Pack(speech);
    }

    private static List<SpeechRegion> Pack(IEnumerable<SpeechRegion> regions)
    {
        var windows = new List<SpeechRegion>();
        foreach (var region in regions)
        {
            if (windows.Count > 0 && region.Start - windows[^1].End <= PackGap && region.End - windows[^1].Start <= MaxRegion)
            {
                windows[^1] = windows[^1] with { End = region.End };
            }
            else
            {
                windows.Add(region);
            }
        }

        return windows;
    }

    private static IEnumerable<SpeechRegion> Split(SpeechRegion region, IReadOnlyList<double> levels)
    {
        var current = region;
        while (current.Duration > MaxRegion)
        {
            // Cut at the quietest frame between 20 s and 28 s into the region.
            var from = (int)((current.Start + TimeSpan.FromSeconds(20)) / Frame);
            var to = Math.Min(levels.Count - 1, (int)((current.Start + MaxRegion) / Frame));
            var cut = from;
            for (var i = from; i <= to; i++)
            {
                if (levels[i] < levels[cut])
                {
                    cut = i;
                }
            }

            var at = Frame * cut;
            yield return current with { End = at };
            current = current with { Start = at };
        }

        yield return current;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
