using System.Globalization;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Ingest;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Transcription;
using DigitaleFremskritt.Transcription.Formats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Pipeline;

public enum IngestStatus
{
    /// <summary>A new episode was made.</summary>
    Ingested,

    /// <summary>The same bytes were ingested before; nothing was done again.</summary>
    Duplicate,

    /// <summary>Rejected: moved to ingest/failed/ with the reason.</summary>
    Failed,

    /// <summary>An episode was made, but its loudness is outside the target after every correction: look at qc.json.</summary>
    QcFailed,

    /// <summary>Still being copied; left for the next run.</summary>
    NotSettled,
}

public sealed record IngestOutcome(string File, IngestStatus Status, string Message, Episode? Episode = null, QcReport? Qc = null, bool TranscriptPending = false)
{
    /// <summary>How long the recording's ingest took (archive to episode folder, transcription included).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Of <see cref="Elapsed"/>, the transcription stage (Whisper, or importing the producer's transcript).</summary>
    public TimeSpan TranscribeElapsed { get; init; }

    /// <summary>What the transcription stage did, e.g. "transcribed (Whisper, no)" or "transcript pending: no model".</summary>
    public string TranscriptNote { get; init; } = "";
}

/// <summary>Progress of one recording through the steps of ingest.</summary>
public sealed record IngestProgress(string File, string Step, double Fraction);

/// <summary>
/// The ingest pipeline for everything currently in the drop folder: settle → archive → de-duplicate → sidecar →
/// normalise → store media → write the episode folder → move the recording to done/. A rejected recording is
/// moved, untouched, to failed/ with a .error.txt, and the batch goes on.
/// </summary>
public sealed class IngestRecordings(
    ContentRoot root,
    FremskrittOptions options,
    NormaliseRecording normalise,
    TimeProvider? clock = null,
    ILogger<IngestRecordings>? logger = null,
    TranscribeEpisode? transcribe = null,
    TranscriptionService? transcription = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ILogger logger = logger ?? NullLogger<IngestRecordings>.Instance;
    private readonly IngestFolder folder = new(root);
    private readonly EpisodeStore episodes = new(root);
    private readonly MediaStore media = new(root);
    private readonly Lock episodeGate = new();

    public IngestFolder Folder => folder;

    /// <summary>Recordings normalised at the same time (Ingest:Concurrency).</summary>
    public int Concurrency => Math.Max(1, options.Ingest.Concurrency);

    public const string LockFileName = ContentLock.FileName;

    /// <summary>Ingests every settled recording in the drop folder; see <see cref="RunAsync(int, IProgress{IngestProgress}?, CancellationToken)"/>.</summary>
    public Task<IReadOnlyList<IngestOutcome>> RunAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(int.MaxValue, progress, cancellationToken);

    /// <param name="maxRecordings">Ingest at most this many of the settled recordings (the watch service takes a few at a
    /// time and publishes in between); the others stay in the ingest folder, unreported, for the next run.</param>
    /// <param name="progress">Each recording's step.</param>
    /// <param name="cancellationToken">Stops cleanly: nothing moved, no half-written file.</param>
    public async Task<IReadOnlyList<IngestOutcome>> RunAsync(int maxRecordings, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root.Ingest);
        using var runLock = ContentLock.Acquire(root);
        RemoveCrashLeftovers();
        await normalise.CheckToolsAsync(cancellationToken);

        foreach (var unknown in folder.FindUnknownFiles())
        {
            logger.LogWarning("{File}: not a recording or sidecar (accepted: {Extensions}); left in place", Path.GetFileName(unknown),
                string.Join(' ', RecordingFormats.AudioExtensions.Concat(RecordingFormats.VideoExtensions)));
        }

        var (recordings, settledAll) = await FindSettledAsync(progress, cancellationToken);
        var ready = settledAll.Take(maxRecordings).ToList();

        // Up to Ingest:Concurrency recordings at once; the outcomes keep the folder's order.
        var results = new IngestOutcome[ready.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ready.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Ingest.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var started = clock.GetTimestamp();
                results[i] = await IngestOneAsync(ready[i], progress, ct) with { Elapsed = clock.GetElapsedTime(started) };
            });
        var outcomes = results.ToList();

        outcomes.AddRange(recordings.Except(settledAll).Select(f => new IngestOutcome(Path.GetFileName(f), IngestStatus.NotSettled,
            "still being copied (the recording, its sidecar or its transcript is still changing); it will be picked up by the next run")));
        foreach (var orphan in folder.FindOrphanSidecars())
        {
            logger.LogWarning("{File}: sidecar without a recording of the same name; left in place", Path.GetFileName(orphan));
        }

        return outcomes;
    }

    /// <summary>
    /// The recordings in the drop folder, and those that have finished copying: the recording and its sidecar and
    /// transcript must all have stopped changing, or their content would be missed.
    /// </summary>
    public async Task<(IReadOnlyList<string> All, IReadOnlyList<string> Settled)> FindSettledAsync(IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var watcher = new SettleWatcher(TimeSpan.FromSeconds(options.Ingest.SettleSeconds), clock);
        var recordings = folder.FindRecordings();
        var companions = recordings.ToDictionary(r => r, r => new[] { SidecarReader.FindFor(r), IngestFolder.FindTranscriptFor(r) }.OfType<string>().ToList());
        var (settled, _) = await watcher.WaitAsync(
            [.. recordings, .. companions.Values.SelectMany(c => c)],
            TimeSpan.FromSeconds(options.Ingest.MaxSettleWaitSeconds),
            file => progress?.Report(new IngestProgress(Path.GetFileName(file), "waiting for copy to finish", 0)),
            cancellationToken);
        var done = settled.ToHashSet(StringComparer.Ordinal);
        return (recordings, recordings.Where(r => done.Contains(r) && companions[r].All(done.Contains)).ToList());
    }

    /// <summary>Archives a recording's original (byte for byte, verified, read-only; idempotent) and returns its SHA-256.</summary>
    public async Task<string> ArchiveAsync(string file, CancellationToken cancellationToken = default) =>
        (await media.ArchiveOriginalAsync(file, null, cancellationToken)).Sha256;

    /// <summary>Under the lock nothing else is writing: scratch files and staging folders are leftovers of a crash.</summary>
    private void RemoveCrashLeftovers()
    {
        if (Directory.Exists(root.Work))
        {
            Directory.Delete(root.Work, recursive: true);
        }

        foreach (var staging in Directory.EnumerateDirectories(root.Path, ".episode-*"))
        {
            logger.LogWarning("{Folder}: unfinished episode folder from an interrupted run; removed", Path.GetFileName(staging));
            Directory.Delete(staging, recursive: true);
        }

        // Temp files of writes a crash cut short (an original being archived, a transcript being renamed into place):
        // hidden, never read, but not to be left lying around.
        var folders = Directory.EnumerateDirectories(root.Path).Where(d => !Path.GetFileName(d).StartsWith('.') && !ContentRoot.ReservedNames.Contains(Path.GetFileName(d)));
        foreach (var folder in folders.Append(root.Originals).Where(Directory.Exists))
        {
            foreach (var temp in Directory.EnumerateFiles(folder, ".*.tmp"))
            {
                logger.LogWarning("{File}: temp file of an interrupted write; removed", root.Relative(temp));
                File.Delete(temp);
            }
        }
    }

    public async Task<IngestOutcome> IngestOneAsync(string file, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(file);
        void Report(string step, double fraction) => progress?.Report(new IngestProgress(name, step, fraction));
        string? sha256 = null;
        var work = Path.Combine(root.Work, Guid.NewGuid().ToString("N"));
        try
        {
            if (new FileInfo(file).Length == 0)
            {
                throw new RecordingRejectedException("the file is empty (0 bytes)");
            }

            Report("archiving original", 0);
            var size = new FileInfo(file).Length;
            var archived = await media.ArchiveOriginalAsync(file, new InlineProgress<long>(b => Report("archiving original", (double)b / size)), cancellationToken);
            sha256 = archived.Sha256;

            if (episodes.FindBySourceHash(archived.Sha256, invalid => logger.LogWarning("{Problem} (skipped)", invalid)) is { } existing)
            {
                folder.MoveToDone(file);
                return new IngestOutcome(name, IngestStatus.Duplicate, $"same recording as episode '{existing.Slug}' (SHA-256 {archived.Sha256[..12]}…); not processed again", existing);
            }

            var sidecarPath = SidecarReader.FindFor(file);
            var sidecar = sidecarPath is null ? new Sidecar() : SidecarReader.Read(sidecarPath);

            Report("probing", 0);
            var archivePath = root.Resolve(archived.Path);
            var probe = await normalise.ProbeAsync(archivePath, name, cancellationToken);
            var showId = sidecar.Show ?? (probe.HasVideo ? options.DefaultVideoShow : options.DefaultAudioShow);
            if (!options.Shows.TryGetValue(showId, out var show))
            {
                throw new RecordingRejectedException($"unknown show '{showId}' (configured: {string.Join(", ", options.Shows.Keys)})");
            }

            var language = sidecar.Language ?? show.Language;
            var producerTranscriptPath = IngestFolder.FindTranscriptFor(file);
            var producerTranscript = producerTranscriptPath is null ? null : TranscribeEpisode.ReadProducerTranscript(producerTranscriptPath, language);

            var title = string.IsNullOrWhiteSpace(sidecar.Title) ? TitleFromFileName(name) : sidecar.Title.Trim();
            var date = sidecar.Date is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : DateOnly.FromDateTime(File.GetLastWriteTimeUtc(file));
            var tags = new MediaTags(title, show.Title, show.Author, date);
            var request = new NormaliseRequest(archivePath, name, show, options.Ingest, tags, AssetPaths.Resolve(root, show.CoverArt), work);
            var result = await normalise.RunAsync(request, probe,
                new InlineProgress<StageProgress>(p => Report(p.Step, p.Fraction)), cancellationToken);

            Report("storing media", 1);
            var episode = new Episode
            {
                Id = archived.Sha256[..16],
                Show = showId.ToLowerInvariant(),
                Title = title,
                Date = date,
                Description = sidecar.Description,
                Speakers = sidecar.Speakers ?? [],
                Themes = (sidecar.Themes ?? []).Select(Slug.From).Where(t => t.Length > 0).Distinct().ToList(),
                Season = sidecar.Season,
                EpisodeNumber = sidecar.Episode,
                Chapters = sidecar.Chapters ?? [],
                Language = sidecar.Language,
                Source = new EpisodeSource
                {
                    FileName = name,
                    Sha256 = archived.Sha256,
                    Bytes = archived.Bytes,
                    Archive = archived.Path,
                    IngestedAt = clock.GetUtcNow(),
                },
                State = EpisodeState.TranscriptPending,
            };
            double? Duration(string file) => result.DurationsSeconds.TryGetValue(file, out var seconds) ? seconds : null;
            episode.Media.Audio = await StoreAsync(result.Mp3, "audio/mpeg", Duration(result.Mp3), cancellationToken);
            episode.Media.TranscriptionWav = await StoreAsync(result.TranscriptionWav, "audio/wav", Duration(result.TranscriptionWav), cancellationToken);
            episode.Media.Waveform = await StoreAsync(result.Waveform, "application/json", null, cancellationToken);
            if (result.Video is not null)
            {
                episode.Media.Video = await StoreAsync(result.Video, "video/mp4", Duration(result.Video), cancellationToken);
            }

            if (result.Poster is not null)
            {
                episode.Media.Poster = await StoreAsync(result.Poster, "image/jpeg", null, cancellationToken);
            }

            result.Qc.Outputs = [.. new[] { ("podcast MP3", episode.Media.Audio), ("transcription WAV", episode.Media.TranscriptionWav), ("video MP4", episode.Media.Video), ("poster JPEG", episode.Media.Poster), ("waveform JSON", episode.Media.Waveform) }
                .Where(o => o.Item2 is not null)
                .Select(o => new QcOutput { Kind = o.Item1, Path = o.Item2!.Path, Bytes = o.Item2.Bytes, DurationSeconds = o.Item2.DurationSeconds ?? 0 })];

            // One recording at a time from here: the same bytes under two names ingested at once must still make one
            // episode, and two titles must not take the same slug.
            lock (episodeGate)
            {
                if (episodes.FindBySourceHash(archived.Sha256) is { } twin)
                {
                    folder.MoveToDone(file);
                    return new IngestOutcome(name, IngestStatus.Duplicate, $"same recording as episode '{twin.Slug}' (SHA-256 {archived.Sha256[..12]}…), ingested at the same time; not processed again", twin);
                }

                cancellationToken.ThrowIfCancellationRequested();
                episode.Slug = CreateEpisodeFolder(episode, sidecar.Slug ?? Slug.From(title), result.Qc);
                folder.MoveToDone(file);
            }

            // The episode is complete as a normalised episode; speech recognition is the next stage.
            var transcribeStarted = clock.GetTimestamp();
            var (transcriptNote, pending) = await TranscribeNewEpisodeAsync(episode, producerTranscript, producerTranscriptPath, Report, cancellationToken);
            var transcribeElapsed = clock.GetElapsedTime(transcribeStarted);
            logger.LogInformation("{File}: episode {Slug} ({Lufs:0.0} LUFS, {Mode})", name, episode.Slug, result.Qc.After.IntegratedLufs, result.Qc.Mode);
            return (result.Qc.Passed
                ? new IngestOutcome(name, IngestStatus.Ingested, $"episode '{episode.Slug}'; {transcriptNote}", episode, result.Qc, pending)
                : new IngestOutcome(name, IngestStatus.QcFailed, $"episode '{episode.Slug}' made, but QC failed: {string.Join("; ", result.Qc.Warnings)}; {transcriptNote}", episode, result.Qc, pending))
                with { TranscribeElapsed = transcribeElapsed, TranscriptNote = transcriptNote };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RecordingRejectedException or SidecarException or MediaToolException or TranscriptFormatException)
        {
            var reason = e is MediaToolException tool ? $"not a usable media file ({tool.Reason})" : e.Message;
            var details = (e as MediaToolException ?? e.InnerException as MediaToolException) is { } failed
                ? $"\nffmpeg {failed.Command}\n{failed.StandardErrorTail}\n"
                : null;
            if (details is not null)
            {
                logger.LogDebug("{File}: {Details}", name, details);
            }

            var moved = await folder.MoveToFailedAsync(file, reason, sha256, CancellationToken.None);
            if (details is not null)
            {
                var errorFile = moved + ".error.txt";
                await AtomicFile.WriteAllTextAsync(errorFile, await File.ReadAllTextAsync(errorFile, CancellationToken.None) + "\nWhat ffmpeg ran and said:" + details, CancellationToken.None);
            }

            return new IngestOutcome(name, IngestStatus.Failed, reason);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or UnauthorizedAccessException)
        {
            // An unreadable file or a full disk must not stop the rest of the batch.
            var reason = $"cannot be read or stored ({e.Message})";
            try
            {
                await folder.MoveToFailedAsync(file, reason, sha256, CancellationToken.None);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                reason += "; left in the ingest folder";
            }

            return new IngestOutcome(name, IngestStatus.Failed, reason);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// A producer's transcript is taken as it is; otherwise Whisper runs when a model is configured. Without one, or if
    /// it fails, the episode stays "transcript pending" for `fremskritt transcribe` — never a failed recording.
    /// </summary>
    private async Task<(string Note, bool Pending)> TranscribeNewEpisodeAsync(
        Episode episode, Transcript? producerTranscript, string? producerTranscriptPath, Action<string, double> report, CancellationToken cancellationToken)
    {
        if (transcribe is null)
        {
            return ("transcript pending", true);
        }

        WhisperTranscriber? transcriber = null;
        if (options.Transcription.Enabled)
        {
            try
            {
                transcriber = transcription?.GetTranscriber();
            }
            catch (TranscriptionException e)
            {
                logger.LogWarning("{Episode}: {Problem}", episode.Slug, e.Message);
            }
        }

        try
        {
            if (producerTranscript is not null)
            {
                return ("transcript: " + (await transcribe.ImportAsync(episode, producerTranscript, Path.GetFileName(producerTranscriptPath!), cancellationToken)).Message, false);
            }

            var outcome = await transcribe.RunAsync(episode, transcriber, force: false,
                new InlineProgress<TranscribeProgress>(p => report(
                    $"transcribing {Timecode.Format(p.Done)} / {Timecode.Format(p.Total)}",
                    p.Total > TimeSpan.Zero ? p.Done / p.Total : 0)),
                cancellationToken);
            return outcome.Status == TranscribeStatus.Pending ? ("transcript pending", true) : ("transcript: " + outcome.Message, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The episode is made and its recording is in done/: a transcription problem leaves it pending, never failed.
            logger.LogWarning("{Episode}: transcription failed ({Problem}); transcript pending", episode.Slug, e.Message);
            return ("transcript pending (transcription failed: see the warning)", true);
        }
    }

    /// <summary>Writes episode.yaml and qc.json into a hidden folder, then renames it into place: an episode appears whole or not at all.</summary>
    private string CreateEpisodeFolder(Episode episode, string wantedSlug, QcReport qc)
    {
        var staging = Path.Combine(root.Path, $".episode-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, EpisodeStore.QcFileName), QcJson.Serialize(qc));
            for (var attempt = 1; ; attempt++)
            {
                episode.Slug = episodes.UniqueSlug(string.IsNullOrEmpty(wantedSlug) ? $"episode-{episode.Id}" : wantedSlug);
                File.WriteAllText(Path.Combine(staging, EpisodeStore.MetadataFileName), EpisodeYaml.Serialize(episode));
                try
                {
                    Directory.Move(staging, root.EpisodeFolder(episode.Slug));
                    return episode.Slug;
                }
                catch (IOException) when (attempt < 10 && Directory.Exists(root.EpisodeFolder(episode.Slug)))
                {
                    // Another process (a queue worker) took the slug between the check and the rename: pick again.
                }
            }
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private async Task<MediaFile> StoreAsync(string workFile, string contentType, double? duration, CancellationToken cancellationToken)
    {
        var stored = await media.AddAsync(workFile, cancellationToken);
        return new MediaFile { Path = stored.Path, Sha256 = stored.Sha256, Bytes = stored.Bytes, ContentType = contentType, DurationSeconds = duration };
    }

    public static string TitleFromFileName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName).Replace('_', ' ').Replace('-', ' ').Trim();
        stem = string.Join(' ', stem.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return stem.Length == 0 ? fileName : char.ToUpper(stem[0], CultureInfo.GetCultureInfo("nb-NO")) + stem[1..];
    }
}
