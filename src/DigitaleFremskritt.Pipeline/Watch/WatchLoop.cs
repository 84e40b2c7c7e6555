using System.Diagnostics;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Pipeline.Watch;

/// <summary>What one pass of the loop left: more recordings due now, recordings still being copied, or nothing.</summary>
public enum CycleResult
{
    Idle,
    Waiting,
    MoreDue,
}

/// <summary>What publishing did: the episodes now in the public feeds, and how long the build and the upload took.</summary>
public sealed record PublishCycle(IReadOnlySet<string> EpisodesInFeeds, long FilesUploaded)
{
    public TimeSpan BuildElapsed { get; init; }

    public TimeSpan UploadElapsed { get; init; }
}

/// <summary>
/// The always-on pipeline behind `fremskritt watch`: every dropped recording goes ingest (archive → normalise →
/// transcribe) → build → publish, with its progress in a persisted job (<see cref="JobStore"/>).
/// <para>
/// Crash safety comes from the stages, not from the loop: the original is archived under its SHA-256 before anything
/// else and a recording whose hash is already an episode is only moved to done/ (so a restart never makes a second
/// episode); an episode folder appears in one rename; the build writes each file through a temp file and a rename;
/// publishing uploads media before feeds. So after kill -9 the loop simply runs each unfinished job's stage again.
/// </para>
/// </summary>
public sealed class WatchLoop(
    ContentRoot root,
    WatchOptions options,
    IngestRecordings ingest,
    Func<CancellationToken, Task<PublishCycle>> publish,
    TimeProvider? clock = null,
    ILogger<WatchLoop>? logger = null,
    JobQueue? queue = null,
    Func<CancellationToken, Task>? finishPendingTranscripts = null) : IDisposable
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ILogger logger = logger ?? NullLogger<WatchLoop>.Instance;
    private readonly JobStore jobs = new(root);
    private readonly SemaphoreSlim changed = new(0);
    private bool publishNeeded = true;

    public JobStore Jobs => jobs;

    public void Dispose() => changed.Dispose();

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled (SIGTERM): the stage in progress stops cleanly.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(root.Ingest);
        using var watcher = new FileSystemWatcher(root.Ingest) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite };
        watcher.Created += (_, _) => Signal();
        watcher.Changed += (_, _) => Signal();
        watcher.Renamed += (_, _) => Signal();
        watcher.Error += (_, e) =>
        {
            logger.LogWarning("file watcher on {Folder} failed ({Error}); the periodic rescan still finds new recordings", root.Ingest, e.GetException().Message);
            Signal();
        };
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("watching {Folder} (rescan every {Seconds} s)", root.Ingest, options.RescanSeconds);

        // An episode whose transcription a crash interrupted is made but still pending: finish it first (ingest
        // transcribes new episodes itself).
        if (finishPendingTranscripts is not null && queue is null)
        {
            try
            {
                await finishPendingTranscripts(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("pending transcripts: {Error}; `fremskritt transcribe` finishes them", e.Message);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var result = await CycleAsync(stoppingToken);
            if (result != CycleResult.MoreDue)
            {
                await WaitAsync(result == CycleResult.Waiting, stoppingToken);
            }
        }
    }

    private void Signal()
    {
        if (changed.CurrentCount == 0)
        {
            changed.Release();
        }
    }

    /// <summary>Sleeps until the watcher sees a change, the next rescan, or the next due retry.</summary>
    private async Task WaitAsync(bool workLeft, CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(options.RescanSeconds);
        var now = clock.GetUtcNow();
        foreach (var job in jobs.All().Where(j => j.NextAttemptAt is not null && j.Stage is JobStage.Queued or JobStage.Ingested))
        {
            var due = job.NextAttemptAt!.Value - now;
            wait = due < wait ? due : wait;
        }

        if (workLeft)
        {
            wait = TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds, options.DebounceSeconds));
        }

        if (wait > TimeSpan.Zero && await changed.WaitAsync(wait, stoppingToken))
        {
            // A change: give a producer copying a batch a moment before starting.
            await Task.Delay(TimeSpan.FromSeconds(options.DebounceSeconds), clock, stoppingToken);
        }
    }

    /// <summary>
    /// One pass: note new recordings, ingest some of what is due, publish when an episode is new. Says whether more is
    /// due at once, or recordings are still being copied (the next pass soon), or nothing is left to do.
    /// </summary>
    public async Task<CycleResult> CycleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var present = ingest.Folder.FindRecordings().ToDictionary(f => JobStore.KeyFor(Path.GetFileName(f)), StringComparer.Ordinal);
        foreach (var (key, file) in present)
        {
            var existing = jobs.Find(key);
            if (existing is null || existing.IsFinished)
            {
                // New, or the same name dropped again after it was finished: a new job (ingest spots duplicates by content).
                await jobs.SaveAsync(new RecordingJob { Key = key, File = Path.GetFileName(file), FirstSeenAt = now, UpdatedAt = now }, cancellationToken);
                logger.LogInformation("{File}: queued", Path.GetFileName(file));
            }
        }

        if (queue is not null)
        {
            return await EnqueueAsync(queue, cancellationToken);
        }

        var due = jobs.All().Where(j => j.Stage == JobStage.Queued && present.ContainsKey(j.Key) && (j.NextAttemptAt is null || j.NextAttemptAt <= now)).ToList();
        var waiting = false;
        if (due.Count > 0)
        {
            // A few at a time (Ingest:Concurrency), publishing in between when the batch is long.
            waiting = await IngestAsync(due, Math.Max(1, ingest.Concurrency), cancellationToken);
        }

        await ForgetVanishedAsync(present, cancellationToken);
        now = clock.GetUtcNow();
        var stillDue = jobs.All().Count(j => j.Stage == JobStage.Queued && File.Exists(Path.Combine(root.Ingest, j.File)) && (j.NextAttemptAt is null || j.NextAttemptAt <= now));

        // Publish when an episode is new (or the service just started) or a failed publish is due again, and either
        // the ingest folder is drained or the oldest new episode has waited Watch:PublishEverySeconds; never while
        // every waiting episode is still backing off.
        var ingested = jobs.All().Where(j => j.Stage == JobStage.Ingested).ToList();
        var eligible = ingested.Where(j => j.NextAttemptAt is null || j.NextAttemptAt <= now).ToList();
        var waitedLongEnough = eligible.Count > 0 && now - eligible.Min(j => j.UpdatedAt) >= TimeSpan.FromSeconds(options.PublishEverySeconds);
        if (eligible.Count > 0 && (publishNeeded || eligible.Any(j => j.NextAttemptAt is not null)) && (stillDue == 0 || waitedLongEnough))
        {
            await PublishAsync(ingested, eligible, cancellationToken);
        }

        return stillDue > 0 ? CycleResult.MoreDue : waiting ? CycleResult.Waiting : CycleResult.Idle;
    }

    /// <summary>
    /// Queue mode (`watch --queue`): the watcher only archives each settled recording's original and puts a job on the
    /// queue; `fremskritt worker` processes do the rest. A job is enqueued once (its file notes it), so a rescan or a
    /// restart after the enqueue does not add it twice; a restart between archiving and enqueuing archives again
    /// (idempotent) and enqueues.
    /// </summary>
    private async Task<CycleResult> EnqueueAsync(JobQueue jobQueue, CancellationToken cancellationToken)
    {
        await jobQueue.EnsureCreatedAsync(cancellationToken);
        var (all, settled) = await ingest.FindSettledAsync(null, cancellationToken);
        foreach (var file in settled)
        {
            var job = jobs.Find(JobStore.KeyFor(Path.GetFileName(file)));
            if (job is null || job.Stage != JobStage.Queued || job.Enqueued)
            {
                continue;
            }

            var sha256 = await ingest.ArchiveAsync(file, cancellationToken);
            await jobQueue.EnqueueAsync(new JobMessage(job.Key, job.File, sha256), cancellationToken);
            await jobs.SaveAsync(job with { Enqueued = true, Sha256 = sha256, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            logger.LogInformation("{File}: original archived (SHA-256 {Hash}…) and enqueued", job.File, sha256[..12]);
        }

        return all.Count > settled.Count ? CycleResult.Waiting : CycleResult.Idle;
    }

    private async Task<bool> IngestAsync(IReadOnlyList<RecordingJob> due, int batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<IngestOutcome> outcomes;
        try
        {
            outcomes = await ingest.RunAsync(batch, cancellationToken: cancellationToken);
        }
        catch (ContentBusyException e)
        {
            logger.LogWarning("ingest waits: {Reason}", e.Message);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not a bad recording (those are rejected one by one) but the stage itself failing: ffmpeg missing, disk
            // full. Every due recording counts an attempt.
            foreach (var job in due)
            {
                await FailAsync(job, "ingest", e.Message, cancellationToken);
            }

            return false;
        }

        var waiting = false;
        foreach (var outcome in outcomes)
        {
            var job = jobs.Find(JobStore.KeyFor(outcome.File));
            if (job is null)
            {
                continue;
            }

            var now = clock.GetUtcNow();
            switch (outcome.Status)
            {
                case IngestStatus.Ingested or IngestStatus.QcFailed or IngestStatus.Duplicate:
                    await jobs.SaveAsync(job with { Stage = JobStage.Ingested, Episode = outcome.Episode?.Slug, Attempts = 0, LastError = null, NextAttemptAt = null, UpdatedAt = now }, cancellationToken);
                    publishNeeded = true;
                    LogIngest(logger, outcome);
                    break;
                case IngestStatus.Failed:
                    await jobs.SaveAsync(job with { Stage = JobStage.Rejected, LastError = outcome.Message, UpdatedAt = now }, cancellationToken);
                    logger.LogWarning("{File}: ingest rejected in {Seconds:0.0} s: {Reason} (moved to ingest/failed/)", outcome.File, outcome.Elapsed.TotalSeconds, outcome.Message);
                    break;
                case IngestStatus.NotSettled:
                    waiting = true;
                    break;
            }
        }

        return waiting;
    }

    /// <summary>
    /// One line per stage: ingest (archive, probe, normalise, store: everything but transcription), then
    /// transcription, each with its duration. A duplicate is one line.
    /// </summary>
    internal static void LogIngest(ILogger logger, IngestOutcome outcome, string prefix = "")
    {
        if (outcome.Status == IngestStatus.Duplicate)
        {
            logger.LogInformation("{Prefix}{File}: ingest duplicate in {Seconds:0.0} s -> episode {Episode}", prefix, outcome.File, outcome.Elapsed.TotalSeconds, outcome.Episode?.Slug);
            return;
        }

        logger.LogInformation("{Prefix}{File}: ingest {Status} in {Seconds:0.0} s (archive, normalise, QC) -> episode {Episode}", prefix, outcome.File,
            outcome.Status.ToString().ToLowerInvariant(), (outcome.Elapsed - outcome.TranscribeElapsed).TotalSeconds, outcome.Episode?.Slug);
        logger.LogInformation("{Prefix}{File}: transcribe in {Seconds:0.0} s: {Note}", prefix, outcome.File, outcome.TranscribeElapsed.TotalSeconds, outcome.TranscriptNote);
    }

    /// <summary>A queued recording that left the ingest folder without being ingested (the producer took it back).</summary>
    private async Task ForgetVanishedAsync(Dictionary<string, string> present, CancellationToken cancellationToken)
    {
        foreach (var job in jobs.All().Where(j => j.Stage == JobStage.Queued && !j.Enqueued && !present.ContainsKey(j.Key)))
        {
            // Killed after the episode was made and the recording moved to done/, before the job said so: it is ingested.
            var done = Path.Combine(root.Done, job.File);
            if (File.Exists(done) && new EpisodeStore(root).FindBySourceHash((await MediaStore.HashFileAsync(done, cancellationToken)).Sha256) is { } episode)
            {
                await jobs.SaveAsync(job with { Stage = JobStage.Ingested, Episode = episode.Slug, Sha256 = episode.Source.Sha256, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
                publishNeeded = true;
                logger.LogInformation("{File}: ingested by an interrupted run -> episode {Episode}", job.File, episode.Slug);
                continue;
            }

            await jobs.SaveAsync(job with { Stage = JobStage.Rejected, LastError = "removed from the ingest folder before it was ingested", UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            logger.LogWarning("{File}: removed from the ingest folder before it was ingested", job.File);
        }
    }

    private async Task PublishAsync(IReadOnlyList<RecordingJob> ingested, IReadOnlyList<RecordingJob> attempted, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        PublishCycle cycle;
        try
        {
            cycle = await publish(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            publishNeeded = false;
            foreach (var job in attempted)
            {
                await FailAsync(job, "publish", e.Message, cancellationToken);
            }

            return;
        }

        publishNeeded = false;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var now = clock.GetUtcNow();
        foreach (var job in ingested)
        {
            if (job.Episode is { } slug && cycle.EpisodesInFeeds.Contains(slug))
            {
                await jobs.SaveAsync(job with { Stage = JobStage.Published, Attempts = 0, LastError = null, NextAttemptAt = null, UpdatedAt = now, PublishedAt = now }, cancellationToken);
                logger.LogInformation("{File}: build done in {Build:0.0} s", job.File, cycle.BuildElapsed.TotalSeconds);
                logger.LogInformation("{File}: publish done in {Seconds:0.0} s ({Uploaded} files uploaded) -> episode {Episode} live, {Total:0.0} s after it was dropped",
                    job.File, cycle.UploadElapsed > TimeSpan.Zero ? cycle.UploadElapsed.TotalSeconds : elapsed.TotalSeconds, cycle.FilesUploaded, slug, (now - job.FirstSeenAt).TotalSeconds);
            }
            else if (job.LastError is null)
            {
                // Held back by the build (transcript pending, a future date, unpublished): published when that changes.
                await jobs.SaveAsync(job with { LastError = "not in the feeds yet (held back by the build: transcript pending, a future date or unpublished)", UpdatedAt = now }, cancellationToken);
                logger.LogInformation("{File}: publish done in {Seconds:0.0} s; episode {Episode} is held back by the build", job.File, elapsed.TotalSeconds, job.Episode);
            }
        }
    }

    private async Task FailAsync(RecordingJob job, string stage, string error, CancellationToken cancellationToken)
    {
        var attempts = job.Attempts + 1;
        var now = clock.GetUtcNow();
        if (attempts >= options.MaxAttempts)
        {
            await jobs.SaveAsync(job with { Stage = JobStage.Parked, Attempts = attempts, LastError = $"{stage}: {error}", NextAttemptAt = null, UpdatedAt = now }, cancellationToken);
            logger.LogError("{File}: {Stage} failed {Attempts} times; parked ({Error}). `fremskritt retry {Key}` queues it again", job.File, stage, attempts, error, job.Key);
            return;
        }

        var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoffSeconds, options.BackoffSeconds * Math.Pow(2, attempts - 1)));
        await jobs.SaveAsync(job with { Attempts = attempts, LastError = $"{stage}: {error}", NextAttemptAt = now + backoff, UpdatedAt = now }, cancellationToken);
        logger.LogWarning("{File}: {Stage} failed (attempt {Attempts} of {Max}): {Error}; next try in {Backoff:0} s", job.File, stage, attempts, options.MaxAttempts, error, backoff.TotalSeconds);
    }

    /// <summary>
    /// Queues a parked (or rejected) recording again: attempts reset; a rejected recording is moved back from
    /// ingest/failed/ into the ingest folder. Returns a one-line description, or throws when nothing matches.
    /// </summary>
    public async Task<string> RetryAsync(string keyOrFileOrEpisode, CancellationToken cancellationToken = default)
    {
        var job = jobs.All().FirstOrDefault(j => j.Key == keyOrFileOrEpisode || j.File == keyOrFileOrEpisode || j.Episode == keyOrFileOrEpisode)
            ?? throw new KeyNotFoundException($"no recording or episode '{keyOrFileOrEpisode}' is known to the watch service (see `fremskritt status`)");
        var now = clock.GetUtcNow();
        switch (job.Stage)
        {
            case JobStage.Parked:
                var stage = job.Episode is null ? JobStage.Queued : JobStage.Ingested;
                // Due now: a running service picks it up on its next pass (retry runs in another process).
                await jobs.SaveAsync(job with { Stage = stage, Attempts = 0, NextAttemptAt = now, LastError = null, UpdatedAt = now }, cancellationToken);
                return $"{job.File}: queued again ({stage.ToString().ToLowerInvariant()})";
            case JobStage.Rejected:
                var failed = Path.Combine(root.Failed, job.File);
                if (!File.Exists(failed))
                {
                    throw new InvalidOperationException($"{job.File} is not in {root.Failed} any more; drop it into the ingest folder again");
                }

                foreach (var companion in Directory.EnumerateFiles(root.Failed, Path.GetFileNameWithoutExtension(job.File) + ".*")
                    .Where(f => !f.EndsWith(".error.txt", StringComparison.Ordinal)))
                {
                    File.Move(companion, Path.Combine(root.Ingest, Path.GetFileName(companion)), overwrite: false);
                }

                File.Delete(failed + ".error.txt");
                await jobs.SaveAsync(job with { Stage = JobStage.Queued, Attempts = 0, NextAttemptAt = null, LastError = null, UpdatedAt = now }, cancellationToken);
                return $"{job.File}: moved back from ingest/failed/ and queued again";
            default:
                return $"{job.File}: {job.Stage.ToString().ToLowerInvariant()}, nothing to retry";
        }
    }
}
