using System.Text.Json;
using System.Text.Json.Serialization;
using NAudio.Wave;

namespace DigitaleFremskritt.Media;

/// <summary>Peaks for the web player's waveform, read with NAudio from the 16 kHz WAV, streaming.</summary>
public static class ComputeWaveform
{
    public static Waveform FromWav(string wavPath, int buckets, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        using var reader = new WaveFileReader(wavPath);
        var channels = reader.WaveFormat.Channels;
        var frames = reader.SampleCount;
        var samples = reader.ToSampleProvider();
        var peaks = new float[buckets];
        var framesPerBucket = Math.Max(1.0, frames / (double)buckets);
        var buffer = new float[16384 * channels];
        long frame = 0;
        int read;
        while ((read = samples.Read(buffer.AsSpan())) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < read; i += channels)
            {
                var bucket = (int)Math.Min(buckets - 1, frame / framesPerBucket);
                for (var c = 0; c < channels; c++)
                {
                    var value = Math.Abs(buffer[i + c]);
                    if (value > peaks[bucket])
                    {
                        peaks[bucket] = value;
                    }
                }

                frame++;
            }
        }

        var used = (int)Math.Min(buckets, Math.Ceiling(frame / framesPerBucket));
        return new Waveform(
            reader.WaveFormat.SampleRate,
            Math.Round(frame / (double)reader.WaveFormat.SampleRate, 3),
            peaks.Take(Math.Max(used, 1)).Select(p => Math.Round(Math.Min(p, 1f), 3)).ToArray());
    }

    public static async Task WriteJsonAsync(Waveform waveform, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, waveform, WaveformJson.Options, cancellationToken);
    }
}

/// <summary>Peak amplitude (0..1) per bucket, evenly spread over the duration.</summary>
public sealed record Waveform(int SampleRate, double DurationSeconds, double[] Peaks)
{
    public int Buckets => Peaks.Length;
}

internal static class WaveformJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
