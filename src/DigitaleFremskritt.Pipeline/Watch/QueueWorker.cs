using DigitaleFremskritt.Content;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Pipeline.Watch;

/// <summary>
/// `fremskritt worker`: takes jobs from the queue that `fremskritt watch --queue` fills and runs ingest → build →
/// publish for each. Any number of workers, on other machines too, share the content root (a shared file system) and
/// the queue. A taken job stays invisible while it is worked on (the worker extends it); a worker that dies lets it
/// reappear for another. A blob lease per recording keeps two workers off the same one, and one for publishing keeps
/// publishes one at a time. Every stage is idempotent: a recording whose SHA-256 is already an episode is not made
/// again. A message that fails Queue:MaxDequeueCount times goes to the poison queue and its recording is parked.
/// </summary>
public sealed class QueueWorker(
    ContentRoot root,
    JobQueue queue,
    IngestRecordings ingest,
    Func<CancellationToken, Task<PublishCycle>> publish,
    string name,
    TimeSpan pollInterval,
    TimeProvider? clock = null,
    ILogger<QueueWorker>? logger = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ILogger logger = logger ?? NullLogger<QueueWorker>.Instance;
    private readonly JobStore jobs = new(root);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("worker {Worker}: taking jobs", name);
        var ready = false;
        var outage = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ready)
                {
                    await queue.EnsureCreatedAsync(stoppingToken);
                    ready = true;
                }

                var worked = await RunOnceAsync(stoppingToken);
                outage = TimeSpan.Zero;
                if (!worked)
                {
                    await Task.Delay(pollInterval, clock, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The queue or the lease container is unreachable: wait and try again; a job taken meanwhile reappears.
                outage = TimeSpan.FromSeconds(Math.Min(60, Math.Max(1, outage.TotalSeconds * 2)));
                logger.LogWarning("worker {Worker}: queue unavailable ({Error}); trying again in {Seconds:0} s", name, e.Message, outage.TotalSeconds);
                await Task.Delay(outage, clock, stoppingToken);
            }
        }
    }

    /// <summary>Takes and processes one job; false when the queue was empty.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var taken = await queue.TakeAsync(cancellationToken);
        if (taken is null)
        {
            return false;
        }

        var job = taken.Job;
        var state = jobs.Find(job.Key) ?? new RecordingJob { Key = job.Key, File = job.File, Sha256 = job.Sha256, Enqueued = true, FirstSeenAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };
        if (taken.DequeueCount > queue.MaxDequeueCount)
        {
            await queue.PoisonAsync(taken, taken.PopReceipt, cancellationToken);
            await jobs.SaveAsync(state with { Stage = JobStage.Parked, LastError = $"failed on workers {taken.DequeueCount - 1} times ({state.LastError}); moved to the poison queue", UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            logger.LogError("worker {Worker}: {File} failed {Count} times; moved to the poison queue and parked", name, job.File, taken.DequeueCount - 1);
            return true;
        }

        await using var lease = await queue.TryLeaseAsync($"recording-{job.Sha256}", cancellationToken);
        if (lease is null)
        {
            // Another worker holds this recording (a redelivered message while it is still at work): leave the message
            // to reappear after its visibility timeout.
            logger.LogInformation("worker {Worker}: {File} is being processed by another worker; left on the queue", name, job.File);
            return true;
        }

        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var popReceipt = taken.PopReceipt;
        var keepInvisible = KeepInvisibleAsync(taken, r => popReceipt = r, working.Token);
        try
        {
            var done = await ProcessAsync(job, state, lease, working.Token);
            await working.CancelAsync();
            await keepInvisible;
            if (done)
            {
                await queue.CompleteAsync(taken.MessageId, popReceipt, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await working.CancelAsync();
            await keepInvisible;
            // Left on the queue: it reappears after the visibility timeout, for this worker or another.
            var latest = jobs.Find(job.Key) ?? state;
            await jobs.SaveAsync(latest with { Attempts = latest.Attempts + 1, LastError = $"{name}: {e.Message}", UpdatedAt = clock.GetUtcNow() }, CancellationToken.None);
            logger.LogWarning("worker {Worker}: {File} failed (delivery {Count} of {Max}): {Error}; it returns to the queue", name, job.File, taken.DequeueCount, queue.MaxDequeueCount, e.Message);
        }

        return true;
    }

    private async Task KeepInvisibleAsync(TakenJob taken, Action<string> receipt, CancellationToken cancellationToken)
    {
        var current = taken;
        try
        {
            while (true)
            {
                await Task.Delay(queue.VisibilityTimeout / 3, clock, cancellationToken);
                var next = await queue.ExtendAsync(current, cancellationToken);
                current = current with { PopReceipt = next };
                receipt(next);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ingest, then publish; true when the job is finished (published, or rejected for good).</summary>
    private async Task<bool> ProcessAsync(JobMessage job, RecordingJob state, JobQueue.Lease lease, CancellationToken cancellationToken)
    {
        var file = Path.Combine(root.Ingest, job.File);
        var started = clock.GetTimestamp();
        string? episode;
        if (File.Exists(file))
        {
            var outcome = await ingest.IngestOneAsync(file, null, cancellationToken);
            if (outcome.Status == IngestStatus.Failed)
            {
                await jobs.SaveAsync(state with { Stage = JobStage.Rejected, LastError = outcome.Message, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
                logger.LogWarning("worker {Worker}: {File}: ingest rejected in {Seconds:0.0} s: {Reason} (moved to ingest/failed/)", name, job.File, clock.GetElapsedTime(started).TotalSeconds, outcome.Message);
                return true;
            }

            episode = outcome.Episode?.Slug;
            WatchLoop.LogIngest(logger, outcome with { Elapsed = clock.GetElapsedTime(started) }, $"worker {name}: ");
        }
        else if (new EpisodeStore(root).FindBySourceHash(job.Sha256) is { } existing)
        {
            // An earlier delivery got this far before its worker died: ingest is done.
            episode = existing.Slug;
        }
        else
        {
            await jobs.SaveAsync(state with { Stage = JobStage.Rejected, LastError = "the recording left the ingest folder before it was ingested", UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            logger.LogWarning("worker {Worker}: {File} is no longer in the ingest folder; job dropped", name, job.File);
            return true;
        }

        if (!lease.Held)
        {
            throw new InvalidOperationException($"lost the lease on {job.File} while ingesting; another worker may take it over");
        }

        state = (jobs.Find(job.Key) ?? state) with { Stage = JobStage.Ingested, Episode = episode, Sha256 = job.Sha256, UpdatedAt = clock.GetUtcNow() };
        await jobs.SaveAsync(state, cancellationToken);

        // One publish at a time across all workers; each includes every episode made so far.
        started = clock.GetTimestamp();
        JobQueue.Lease? publishing;
        while ((publishing = await queue.TryLeaseAsync("publish", cancellationToken)) is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
        }

        PublishCycle cycle;
        await using (publishing)
        {
            cycle = await publish(cancellationToken);
        }

        var now = clock.GetUtcNow();
        if (episode is not null && cycle.EpisodesInFeeds.Contains(episode))
        {
            await jobs.SaveAsync(state with { Stage = JobStage.Published, Attempts = 0, LastError = null, PublishedAt = now, UpdatedAt = now }, cancellationToken);
            logger.LogInformation("worker {Worker}: {File}: build done in {Build:0.0} s", name, job.File, cycle.BuildElapsed.TotalSeconds);
            logger.LogInformation("worker {Worker}: {File}: publish done in {Seconds:0.0} s ({Uploaded} files uploaded) -> episode {Episode} live, {Total:0.0} s after it was dropped",
                name, job.File, (cycle.UploadElapsed > TimeSpan.Zero ? cycle.UploadElapsed : clock.GetElapsedTime(started)).TotalSeconds, cycle.FilesUploaded, episode, (now - state.FirstSeenAt).TotalSeconds);
        }
        else
        {
            await jobs.SaveAsync(state with { LastError = "not in the feeds yet (held back by the build: transcript pending, a future date or unpublished)", UpdatedAt = now }, cancellationToken);
            logger.LogInformation("worker {Worker}: {File}: publish done; episode {Episode} is held back by the build", name, job.File, episode);
        }

        return true;
    }
}
