using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription;

/// <summary>
/// Finds the configured Whisper model once per run and loads it on first use, so a run without any recording to
/// transcribe never pays for loading it, and a run without a model can say exactly what to do.
/// </summary>
public sealed class TranscriptionService(ModelOptions models, string? whisperModelEnvironment) : IDisposable
{
    private readonly Lazy<ModelResolution> resolution = new(() => ModelLocator.Resolve(models, whisperModelEnvironment));
    private WhisperTranscriber? transcriber;

    public ModelOptions Models => models;

    /// <summary>Null when a model was found; otherwise what the producer should do.</summary>
    public string? MissingModelMessage => resolution.Value.Found ? null : resolution.Value.Message;

    public string? ModelPath => resolution.Value.Path;

    /// <summary>The loaded model, or null when none is configured. A model that will not load throws <see cref="TranscriptionException"/>.</summary>
    public WhisperTranscriber? GetTranscriber() =>
        resolution.Value.Found ? transcriber ??= WhisperTranscriber.Load(resolution.Value.Path!) : null;

    public void Dispose() => transcriber?.Dispose();
}
