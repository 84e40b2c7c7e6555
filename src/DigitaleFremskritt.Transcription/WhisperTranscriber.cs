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
        var language = WhisperLanguage(settings.Language);
        builder = language == "auto" ? builder.WithLanguageDetection() : builder.WithLanguage(language);
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
            var wanted = (int)(current.Duration.TotalSeconds * 16000);
            var buffer = new float[Math.Max(wanted, MinimumSamples)];
            var filled = 0;
            int read;
            while (filled < wanted && (read = samples.Read(buffer.AsSpan(filled, wanted - filled))) > 0)
            {
                filled += read;
            }

            // whisper.cpp ignores input shorter than 1 s, so a lone "Ja." between pauses is padded with silence.
            var end = current.Start + TimeSpan.FromSeconds(filled / 16000.0);
            await foreach (var segment in processor.ProcessAsync(buffer.AsMemory(0, Math.Max(filled, MinimumSamples)), cancellationToken))
            {
                // Whisper's timestamps can run past the audio it was given; keep them inside the region.
                var start = Clamp(current.Start + segment.Start, current.Start, end);
                var stop = Clamp(current.Start + segment.End, start, end);
                yield return new TranscriptSegment(start, stop, segment.Text);
            }

            progress?.Report(current.End);
        }
    }

    /// <summary>1.1 s at 16 kHz: a little over whisper.cpp's 1 s minimum.</summary>
    private const int MinimumSamples = 17600;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    /// <summary>Whisper's code for a language ("nb", Bokmål, is "no" to Whisper), or "auto"; unknown codes are an error.</summary>
    public static string WhisperLanguage(string language)
    {
        var code = language.Trim().ToLowerInvariant();
        code = code is "nb" or "nob" or "no-nb" or "nb-no" ? "no" : code is "nno" or "nn-no" ? "nn" : code;
        if (code != "auto" && !WhisperFactory.GetSupportedLanguages().Contains(code, StringComparer.Ordinal))
        {
            throw new TranscriptionException($"'{language}' is not a language Whisper knows (use e.g. no, nn, en or auto)");
        }

        return code;
    }

    public void Dispose() => factory.Dispose();
}

/// <summary>Transcription cannot go on (model missing or broken, wrong audio); the message says what to do.</summary>
public sealed class TranscriptionException(string message, Exception? inner = null) : Exception(message, inner);
