using System.Runtime.CompilerServices;
using DigitaleFremskritt.Domain;
using NAudio.Wave;
using Whisper.net;

namespace DigitaleFremskritt.Transcription;

/// <summary>How one recording is transcribed.</summary>
public sealed record WhisperSettings(string Language, string? Prompt, int Threads, float TemperatureIncrement);

/// <summary>
/// Whisper.net on the CPU. The model is loaded once and reused for every recording of a run. Only the speech
/// regions found by <see cref="SpeechDetector"/> are decoded; segment times are mapped back onto the recording.
/// </summary>
public sealed class WhisperTranscriber : IDisposable
{
    private readonly WhisperFactory factory;

    private WhisperTranscriber(WhisperFactory factory, string modelPath)
    {
        this.factory = factory;
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    public static WhisperTranscriber Load(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new TranscriptionException($"Whisper model '{modelPath}' does not exist");
        }

        // whisper.cpp reads the file lazily and aborts the process on garbage: check the header first.
        if (!Models.GgmlModelHeader.TryRead(modelPath, out _, out var problem))
        {
            throw new TranscriptionException($"Whisper model '{modelPath}' cannot be loaded ({problem}); check it with `fremskritt models verify`");
        }

        try
        {
            return new WhisperTranscriber(WhisperFactory.FromPath(modelPath), modelPath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TranscriptionException($"Whisper model '{modelPath}' cannot be loaded ({e.Message.Split('\n')[0]}); check it with `fremskritt models verify`", e);
        }
    }

    /// <summary>Transcribes the speech regions of a 16 kHz mono WAV. Progress reports the audio time done.</summary>
    public async IAsyncEnumerable<TranscriptSegment> TranscribeAsync(
        string wavPath,
        IReadOnlyList<SpeechRegion> regions,
        WhisperSettings settings,
        IProgress<TimeSpan>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var region = regions.Count > 0 ? regions[0] : null;
        var builder = factory.CreateBuilder()
            .WithThreads(settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount)
            .WithTemperatureInc(settings.TemperatureIncrement)
            .WithProgressHandler(percent =>
            {
                if (region is not null)
                {
                    progress?.Report(region.Start + (region.Duration * (percent / 100.0)));
                }
            });
        builder = settings.Language.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? builder.WithLanguageDetection()
            : builder.WithLanguage(settings.Language);
        if (!string.IsNullOrWhiteSpace(settings.Prompt))
        {
            builder = builder.WithPrompt(settings.Prompt).WithCarryInitialPrompt(true);
        }

        await using var processor = builder.Build();
        using var reader = new WaveFileReader(wavPath);
        if (reader.WaveFormat.SampleRate != 16000 || reader.WaveFormat.Channels != 1)
        {
            throw new TranscriptionException($"{wavPath}: Whisper needs 16 kHz mono audio, not {reader.WaveFormat.SampleRate} Hz / {reader.WaveFormat.Channels} ch");
        }

        var samples = reader.ToSampleProvider();
        foreach (var current in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            region = current;
            reader.CurrentTime = current.Start;
            var buffer = new float[(int)(current.Duration.TotalSeconds * 16000)];
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = samples.Read(buffer.AsSpan(filled))) > 0)
            {
                filled += read;
            }

            await foreach (var segment in processor.ProcessAsync(buffer.AsMemory(0, filled), cancellationToken))
            {
                yield return new TranscriptSegment(current.Start + segment.Start, current.Start + segment.End, segment.Text);
            }

            progress?.Report(current.End);
        }
    }

    public void Dispose() => factory.Dispose();
}

/// <summary>Transcription cannot go on (model missing or broken, wrong audio); the message says what to do.</summary>
public sealed class TranscriptionException(string message, Exception? inner = null) : Exception(message, inner);
