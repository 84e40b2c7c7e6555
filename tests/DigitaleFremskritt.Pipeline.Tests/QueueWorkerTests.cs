using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Pipeline.Watch;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription;

namespace DigitaleFremskritt.Pipeline.Tests;

/// <summary>Queue mode against a real Azurite (queue and blob services) with real ffmpeg; publishing is a stand-in the tests control.</summary>
public sealed class QueueWorkerTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];
    private int publishCalls;
    private Exception? publishFailure;

    public void Dispose() => temp.Dispose();

    private (ContentRoot Root, FremskrittOptions Options, IngestRecordings Ingest, JobQueue Queue) Setup(int maxDequeueCount = 5, double visibilitySeconds = 300)
    {
        var root = new ContentRoot(temp.Folder("innhold"));
        Directory.CreateDirectory(root.Ingest);
        var options = new FremskrittOptions
        {
            Ingest = new IngestOptions { SettleSeconds = 0, MaxSettleWaitSeconds = 5 },
            Queue = new QueueOptions
            {
                Name = $"jobber-{suffix}", PoisonName = $"jobber-{suffix}-poison", LeaseContainer = $"leieavtaler-{suffix}",
                MaxDequeueCount = maxDequeueCount, VisibilityTimeoutSeconds = visibilitySeconds, LeaseSeconds = 15,
            },
            Shows = { ["podcast"] = new ShowOptions { Title = "Digitale Fremskritt", Kind = ShowKind.Audio } },
        };
        var ingest = new IngestRecordings(root, options, new NormaliseRecording(new FfmpegTool(options.Tools)), null, null, new TranscribeEpisode(root, options));
        return (root, options, ingest, new JobQueue(azurite.ConnectionString, options.Queue));
    }

    private Func<CancellationToken, Task<PublishCycle>> Publish(ContentRoot root) => _ =>
    {
        publishCalls++;
        return publishFailure is not null
            ? throw publishFailure
            : Task.FromResult(new PublishCycle(new EpisodeStore(root).LoadAll().Select(e => e.Slug).ToHashSet(), 1));
    };

    private QueueWorker Worker(ContentRoot root, IngestRecordings ingest, JobQueue queue, string name = "test") =>
        new(root, queue, ingest, Publish(root), name, TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task The_watcher_only_archives_and_enqueues_and_a_worker_ingests_and_publishes()
    {
        var (root, options, ingest, queue) = Setup();
        TestMedia.Speech(Path.Combine(root.Ingest, "opptak.wav"));
        using var watcher = new WatchLoop(root, options.Watch, ingest, _ => throw new InvalidOperationException("the watcher does not publish in queue mode"), null, null, queue);

        await watcher.CycleAsync(CancellationToken.None);
        await watcher.CycleAsync(CancellationToken.None);

        var job = new JobStore(root).Find(JobStore.KeyFor("opptak.wav"))!;
        Assert.True(job.Enqueued);
        Assert.Equal(JobStage.Queued, job.Stage);
        Assert.Single(Directory.EnumerateFiles(root.Originals));
        Assert.Empty(new EpisodeStore(root).LoadAll());
        Assert.True(File.Exists(Path.Combine(root.Ingest, "opptak.wav")));

        Assert.True(await Worker(root, ingest, queue).RunOnceAsync(CancellationToken.None));
        Assert.False(await Worker(root, ingest, queue).RunOnceAsync(CancellationToken.None)); // enqueued once, taken once

        job = new JobStore(root).Find(JobStore.KeyFor("opptak.wav"))!;
        Assert.Equal(JobStage.Published, job.Stage);
        Assert.Equal(job.Sha256, Assert.Single(new EpisodeStore(root).LoadAll()).Source.Sha256);
        Assert.Equal(1, publishCalls);
    }

    [Fact]
    public async Task A_job_that_keeps_failing_goes_to_the_poison_queue_and_is_parked_without_a_second_episode()
    {
        var (root, _, ingest, queue) = Setup(maxDequeueCount: 2, visibilitySeconds: 1);
        await queue.EnsureCreatedAsync();
        var file = TestMedia.Speech(Path.Combine(root.Ingest, "opptak.wav"));
        var sha = await ingest.ArchiveAsync(file);
        await queue.EnqueueAsync(new JobMessage(JobStore.KeyFor("opptak.wav"), "opptak.wav", sha));
        publishFailure = new IOException("lagring nede");
        var worker = Worker(root, ingest, queue);

        for (var delivery = 1; delivery <= 3; delivery++)
        {
            // Each failed delivery returns to the queue once its 1 s visibility timeout has passed.
            var taken = false;
            for (var wait = 0; wait < 50 && !taken; wait++)
            {
                taken = await worker.RunOnceAsync(CancellationToken.None);
                if (!taken)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(taken, $"delivery {delivery} never came");
        }

        var job = new JobStore(root).Find(JobStore.KeyFor("opptak.wav"))!;
        Assert.Equal(JobStage.Parked, job.Stage);
        Assert.Contains("poison", job.LastError, StringComparison.Ordinal);
        Assert.Equal(1, await queue.PoisonCountAsync());
        Assert.Equal(2, publishCalls);
        Assert.Single(new EpisodeStore(root).LoadAll());
        Assert.False(await worker.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_recording_lease_is_exclusive_until_released()
    {
        var (_, _, _, queue) = Setup();
        await queue.EnsureCreatedAsync();

        var first = await queue.TryLeaseAsync("recording-abc");
        Assert.NotNull(first);
        Assert.Null(await queue.TryLeaseAsync("recording-abc"));
        await first.DisposeAsync();
        await using var second = await queue.TryLeaseAsync("recording-abc");
        Assert.NotNull(second);
    }

    [Fact]
    public async Task A_message_that_is_not_a_job_goes_to_the_poison_queue()
    {
        var (root, _, ingest, queue) = Setup();
        await queue.EnsureCreatedAsync();
        var raw = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, $"jobber-{suffix}", new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        await raw.SendMessageAsync("{\"key\":\"abc\",\"file\":\"../../etc/passwd\",\"sha256\":\"" + new string('a', 64) + "\"}");

        Assert.False(await Worker(root, ingest, queue).RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await queue.PoisonCountAsync());
    }
}
