using System.Security.Cryptography;
using System.Text;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Transcription;

public enum TranscribeStatus
{
    Transcribed,
    Imported,
    KeptHuman,
    AlreadyDone,
    Pending,
}

public sealed record TranscribeOutcome(string Episode, TranscribeStatus Status, string Message);

/// <summary>Progress of speech recognition in audio time.</summary>
public sealed record TranscribeProgress(string Episode, TimeSpan Done, TimeSpan Total);

/// <summary>
/// Stage 3: an episode's time-coded transcript, written beside its episode.yaml as transcript.vtt, .srt, .txt and
/// .json (Podcasting 2.0). A producer's transcript, supplied or edited, always wins and is never overwritten.
/// </summary>
public sealed class TranscribeEpisode(ContentRoot root, FremskrittOptions options, ILogger<TranscribeEpisode>? logger = null)
{
    public const string BaseName = "transcript";

    public static readonly IReadOnlyList<ITranscriptWriter> Writers =
        [new WebVttWriter(), new SrtWriter(), new PlainTextWriter(), new Podcasting20JsonWriter()];

    private readonly ILogger logger = logger ?? NullLogger<TranscribeEpisode>.Instance;
    private readonly EpisodeStore episodes = new(root);

    /// <summary>
    /// Transcribes with Whisper unless a transcript exists (machine: only with <paramref name="force"/>; human: never).
    /// Without a transcriber the episode is marked transcript-pending for a later run.
    /// </summary>
    public async Task<TranscribeOutcome> RunAsync(
        Episode episode,
        WhisperTranscriber? transcriber,
        bool force = false,
        IProgress<TranscribeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var folder = episodes.FolderOf(episode);
        if (HumanFile(episode, folder) is { } human)
        {
            if (episode.Transcript is not { Source: TranscriptSource.Human })
            {
                episode.Transcript = new TranscriptInfo { Source = TranscriptSource.Human, Language = LanguageOf(episode), CreatedAt = DateTimeOffset.UtcNow, Files = episode.Transcript?.Files ?? [] };
                episode.State = EpisodeState.Transcribed;
                await episodes.SaveAsync(episode, CancellationToken.None);
            }

            return new TranscribeOutcome(episode.Slug, TranscribeStatus.KeptHuman, $"human transcript kept ({Path.GetFileName(human)} was written or edited by a producer; never overwritten)");
        }

        if (!force && episode.Transcript is { Source: TranscriptSource.Machine } && File.Exists(Path.Combine(folder, BaseName + ".vtt")))
        {
            return new TranscribeOutcome(episode.Slug, TranscribeStatus.AlreadyDone, "already transcribed (use --force to redo)");
        }

        if (transcriber is null || episode.Media.TranscriptionWav is null)
        {
            if (episode.State != EpisodeState.TranscriptPending)
            {
                episode.State = EpisodeState.TranscriptPending;
                await episodes.SaveAsync(episode, cancellationToken);
            }

            return new TranscribeOutcome(episode.Slug, TranscribeStatus.Pending, "transcript pending");
        }

        var wav = root.Resolve(episode.Media.TranscriptionWav.Path);
        var duration = TimeSpan.FromSeconds(episode.Media.TranscriptionWav.DurationSeconds ?? 0);
        var show = options.Shows.TryGetValue(episode.Show, out var s) ? s : new ShowOptions();
        var language = episode.Language ?? show.Language;
        var regions = SpeechDetector.Detect(wav, options.Transcription.SilenceThresholdDbfs, cancellationToken);
        if (duration <= TimeSpan.Zero)
        {
            duration = regions.Count > 0 ? regions[^1].End : TimeSpan.Zero;
        }

        var settings = new WhisperSettings(language, options.Transcription.UseGlossary ? Prompt(show) : null, options.Transcription.Threads, options.Transcription.TemperatureIncrement);
        var raw = new List<TranscriptSegment>();
        var report = progress is null ? null : new InlineProgress<TimeSpan>(done => progress.Report(new TranscribeProgress(episode.Slug, done, duration)));
        await foreach (var segment in transcriber.TranscribeAsync(wav, regions, settings, report, cancellationToken))
        {
            raw.Add(segment);
        }

        var transcript = new Transcript(HallucinationFilter.Clean(raw, duration), language);
        var files = await WriteFilesAsync(folder, transcript, cancellationToken);
        episode.Transcript = new TranscriptInfo
        {
            Source = TranscriptSource.Machine,
            Model = Path.GetFileName(transcriber.ModelPath),
            Language = language,
            CreatedAt = DateTimeOffset.UtcNow,
            Segments = transcript.Segments.Count,
            Files = files,
        };
        episode.State = EpisodeState.Transcribed;

        // The files are in place: record them even if Ctrl+C comes now, or they would look hand-edited later.
        await episodes.SaveAsync(episode, CancellationToken.None);
        logger.LogInformation("{Episode}: {Segments} segments from {Regions} speech regions", episode.Slug, transcript.Segments.Count, regions.Count);
        return new TranscribeOutcome(episode.Slug, TranscribeStatus.Transcribed, $"{transcript.Segments.Count} segments ({language})");
    }

    /// <summary>Reads a producer's .vtt or .srt; a malformed file is a <see cref="TranscriptFormatException"/> naming the line.</summary>
    public static Transcript ReadProducerTranscript(string path, string language)
    {
        var text = File.ReadAllText(path);
        try
        {
            return Path.GetExtension(path).Equals(".srt", StringComparison.OrdinalIgnoreCase)
                ? SrtReader.Read(text, language)
                : WebVttReader.Read(text, language);
        }
        catch (TranscriptFormatException e)
        {
            throw new TranscriptFormatException($"transcript {Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Takes a producer's transcript as the episode's own (and writes the other formats from it). Cues outside the
    /// recording, overlapping or too short are fitted to the timeline like Whisper's.
    /// </summary>
    public async Task<TranscribeOutcome> ImportAsync(Episode episode, Transcript transcript, string sourceName, CancellationToken cancellationToken = default)
    {
        var seconds = episode.Media.TranscriptionWav?.DurationSeconds ?? episode.Media.Audio?.DurationSeconds;
        var duration = seconds is { } known ? TimeSpan.FromSeconds(known) : TimeSpan.MaxValue;
        var fitted = HallucinationFilter.FitTimeline(transcript.Segments, duration, TimeSpan.FromMilliseconds(1));
        var dropped = transcript.Segments.Count - fitted.Count;
        var files = await WriteFilesAsync(episodes.FolderOf(episode), transcript with { Segments = fitted }, cancellationToken);
        episode.Transcript = new TranscriptInfo
        {
            Source = TranscriptSource.Human,
            Language = transcript.Language,
            CreatedAt = DateTimeOffset.UtcNow,
            Segments = fitted.Count,
            Files = files,
        };
        episode.State = EpisodeState.Transcribed;
        await episodes.SaveAsync(episode, CancellationToken.None);
        var note = dropped > 0 ? $"; {dropped} cue(s) outside the recording dropped" : "";
        return new TranscribeOutcome(episode.Slug, TranscribeStatus.Imported, $"producer's transcript {sourceName} ({fitted.Count} cues{note})");
    }

    public string LanguageOf(Episode episode) =>
        episode.Language ?? (options.Shows.TryGetValue(episode.Show, out var show) ? show.Language : "no");

    /// <summary>
    /// The transcript file a producer supplied or edited, if any: a transcript marked human, or any transcript.* whose
    /// hash is not what the pipeline wrote (including files that appeared while the episode was still pending).
    /// </summary>
    public static string? HumanFile(Episode episode, string folder)
    {
        var existing = Writers.Select(w => Path.Combine(folder, BaseName + w.FileExtension)).Where(File.Exists).ToList();
        if (episode.Transcript is { Source: TranscriptSource.Human })
        {
            return existing.FirstOrDefault() ?? Path.Combine(folder, BaseName + ".vtt");
        }

        var written = episode.Transcript?.Files ?? [];
        return existing.FirstOrDefault(file =>
            !written.TryGetValue(Path.GetExtension(file), out var sha) || !string.Equals(Sha256(File.ReadAllBytes(file)), sha, StringComparison.Ordinal));
    }

    /// <summary>Writes every format to temp files first, then renames them all: no half-written transcript is ever visible.</summary>
    public static async Task<Dictionary<string, string>> WriteFilesAsync(string folder, Transcript transcript, CancellationToken cancellationToken = default)
    {
        var staged = new List<(string Temp, string Final)>();
        var hashes = new Dictionary<string, string>();
        try
        {
            foreach (var writer in Writers)
            {
                var final = Path.Combine(folder, BaseName + writer.FileExtension);
                var temp = AtomicFile.TempPathFor(final);
                var bytes = Encoding.UTF8.GetBytes(writer.Write(transcript));
                await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
                staged.Add((temp, final));
                hashes[writer.FileExtension] = Sha256(bytes);
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (temp, final) in staged)
            {
                File.Move(temp, final, overwrite: true);
            }

            return hashes;
        }
        finally
        {
            foreach (var (temp, _) in staged)
            {
                AtomicFile.TryDelete(temp);
            }
        }
    }

    private static string? Prompt(ShowOptions show) =>
        show.Glossary.Count == 0 ? null : string.Join(", ", show.Glossary) + ".";

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
