using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Pipeline.Watch;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription;

namespace DigitaleFremskritt.Pipeline.Tests;

/// <summary>The watch service's loop on a real content root with real ffmpeg; publishing is a stand-in delegate whose failures the tests choose.</summary>
public sealed class WatchLoopTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly FremskrittOptions options;
    private readonly List<string> publishedEpisodes = [];
    private Exception? publishFailure;
    private int publishCalls;

    public WatchLoopTests()
    {
        root = new ContentRoot(temp.Folder("innhold"));
        Directory.CreateDirectory(root.Ingest);
        options = new FremskrittOptions
        {
            Ingest = new IngestOptions { SettleSeconds = 0, MaxSettleWaitSeconds = 5 },
            Watch = new WatchOptions { MaxAttempts = 3, BackoffSeconds = 0, RescanSeconds = 1, DebounceSeconds = 0 },
            Shows = { ["podcast"] = new ShowOptions { Title = "Digitale Fremskritt", Kind = ShowKind.Audio } },
        };
    }

    public void Dispose() => temp.Dispose();

    private WatchLoop Loop() => new(root, options.Watch,
        new IngestRecordings(root, options, new NormaliseRecording(new FfmpegTool(options.Tools)), null, null, new TranscribeEpisode(root, options)),
        _ =>
        {
            publishCalls++;
            if (publishFailure is not null)
            {
                throw publishFailure;
            }

            // The stand-in "feeds" carry every episode folder there is, as the build would (transcripts allowed to be pending).
            publishedEpisodes.Clear();
            publishedEpisodes.AddRange(new EpisodeStore(root).LoadAll().Select(e => e.Slug));
            return Task.FromResult(new PublishCycle(publishedEpisodes.ToHashSet(), publishedEpisodes.Count));
        });

    /// <summary>Passes until nothing more is due at once (the loop ingests Ingest:Concurrency recordings per pass).</summary>
    private static async Task Drain(WatchLoop loop)
    {
        for (var pass = 0; pass < 100 && await loop.CycleAsync(CancellationToken.None) == CycleResult.MoreDue; pass++)
        {
        }
    }

    private RecordingJob Job(string file) => new JobStore(root).Find(JobStore.KeyFor(file))!;

    [Fact]
    public async Task Dropped_recordings_are_queued_ingested_and_published_and_a_bad_one_is_rejected()
    {
        TestMedia.Speech(Path.Combine(root.Ingest, "første.wav"));
        TestMedia.Speech(Path.Combine(root.Ingest, "andre.wav"), channels: 2);
        await File.WriteAllTextAsync(Path.Combine(root.Ingest, "ødelagt.mp3"), "ikke lyd");
        using var loop = Loop();

        await Drain(loop);

        Assert.Equal(JobStage.Published, Job("første.wav").Stage);
        Assert.Equal(JobStage.Published, Job("andre.wav").Stage);
        Assert.NotNull(Job("første.wav").PublishedAt);
        Assert.Equal(JobStage.Rejected, Job("ødelagt.mp3").Stage);
        Assert.Contains("not a readable media file", Job("ødelagt.mp3").LastError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root.Failed, "ødelagt.mp3")));
        Assert.Equal(2, publishedEpisodes.Count);
        Assert.Equal(1, publishCalls);

        // Nothing new: the next pass neither ingests nor publishes again.
        await loop.CycleAsync(CancellationToken.None);
        Assert.Equal(1, publishCalls);
        Assert.Equal(2, new EpisodeStore(root).LoadAll().Count());
    }

    [Fact]
    public async Task A_failing_publish_retries_with_backoff_then_parks_and_retry_queues_it_again()
    {
        TestMedia.Speech(Path.Combine(root.Ingest, "opptak.wav"));
        publishFailure = new IOException("lagringskontoen svarer ikke");
        using var loop = Loop();

        await loop.CycleAsync(CancellationToken.None);
        var job = Job("opptak.wav");
        Assert.Equal(JobStage.Ingested, job.Stage);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("publish: lagringskontoen svarer ikke", job.LastError);
        Assert.NotNull(job.NextAttemptAt);

        await loop.CycleAsync(CancellationToken.None);
        await loop.CycleAsync(CancellationToken.None);
        job = Job("opptak.wav");
        Assert.Equal(JobStage.Parked, job.Stage);
        Assert.Equal(3, job.Attempts);
        Assert.Equal(3, publishCalls);

        // Parked: no more attempts by itself.
        await loop.CycleAsync(CancellationToken.None);
        Assert.Equal(3, publishCalls);

        publishFailure = null;
        Assert.Contains("queued again (ingested)", await loop.RetryAsync("opptak.wav"), StringComparison.Ordinal);
        await loop.CycleAsync(CancellationToken.None);
        job = Job("opptak.wav");
        Assert.Equal(JobStage.Published, job.Stage);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.LastError);
        Assert.Single(new EpisodeStore(root).LoadAll());
    }

    [Fact]
    public async Task Backoff_waits_before_the_next_attempt()
    {
        options.Watch.BackoffSeconds = 3600;
        options.Watch.MaxBackoffSeconds = 7200;
        TestMedia.Speech(Path.Combine(root.Ingest, "opptak.wav"));
        publishFailure = new IOException("nede");
        using var loop = Loop();

        await loop.CycleAsync(CancellationToken.None);
        await loop.CycleAsync(CancellationToken.None);

        Assert.Equal(1, publishCalls);
        var job = Job("opptak.wav");
        Assert.Equal(1, job.Attempts);
        Assert.InRange(job.NextAttemptAt!.Value - job.UpdatedAt, TimeSpan.FromSeconds(3599), TimeSpan.FromSeconds(3601));
    }

    [Fact]
    public async Task Retry_moves_a_rejected_recording_and_its_sidecar_back_into_the_ingest_folder()
    {
        var bad = Path.Combine(root.Ingest, "opptak.wav");
        await File.WriteAllTextAsync(bad, "ikke lyd");
        await File.WriteAllTextAsync(Path.Combine(root.Ingest, "opptak.yaml"), "title: Et opptak\n");
        using var loop = Loop();
        await loop.CycleAsync(CancellationToken.None);
        Assert.Equal(JobStage.Rejected, Job("opptak.wav").Stage);

        // The producer replaces the broken file in failed/ with a good one, then asks for a retry.
        TestMedia.Speech(Path.Combine(root.Failed, "opptak.wav"));
        Assert.Contains("moved back", await loop.RetryAsync("opptak.wav"), StringComparison.Ordinal);
        Assert.True(File.Exists(bad));
        Assert.True(File.Exists(Path.Combine(root.Ingest, "opptak.yaml")));
        Assert.False(File.Exists(Path.Combine(root.Failed, "opptak.wav.error.txt")));

        await loop.CycleAsync(CancellationToken.None);
        Assert.Equal(JobStage.Published, Job("opptak.wav").Stage);
        Assert.Equal("Et opptak", Assert.Single(new EpisodeStore(root).LoadAll()).Title);
    }

    [Fact]
    public async Task With_concurrency_the_same_bytes_under_two_names_still_make_one_episode()
    {
        options.Ingest.Concurrency = 3;
        var first = TestMedia.Speech(Path.Combine(root.Ingest, "opptak.wav"), channels: 2);
        File.Copy(first, Path.Combine(root.Ingest, "opptak (kopi).wav"));
        TestMedia.Speech(Path.Combine(root.Ingest, "et annet.wav"), channels: 1);
        TestMedia.Speech(Path.Combine(root.Ingest, "et tredje.wav"), channels: 1, gainDb: -8);
        using var loop = Loop();

        await Drain(loop);

        var all = new EpisodeStore(root).LoadAll().ToList();
        Assert.Equal(3, all.Count);
        Assert.Equal(3, all.Select(e => e.Source.Sha256).Distinct().Count());
        Assert.Equal(Job("opptak.wav").Episode, Job("opptak (kopi).wav").Episode);
        foreach (var file in Directory.EnumerateFiles(root.Done).Select(Path.GetFileName))
        {
            Assert.Equal(JobStage.Published, Job(file!).Stage);
        }

        Assert.Equal(4, Directory.EnumerateFiles(root.Done).Count());
        Assert.Empty(Directory.EnumerateFiles(root.Ingest));
        Assert.Equal(3, Directory.EnumerateFiles(root.Originals).Count());
    }

    [Fact]
    public async Task A_long_batch_publishes_in_between_once_the_oldest_new_episode_has_waited_long_enough()
    {
        options.Watch.PublishEverySeconds = 0;
        TestMedia.Speech(Path.Combine(root.Ingest, "a.wav"));
        TestMedia.Speech(Path.Combine(root.Ingest, "b.wav"), channels: 2);
        using var loop = Loop();

        Assert.Equal(CycleResult.MoreDue, await loop.CycleAsync(CancellationToken.None));
        Assert.Equal(1, publishCalls);
        Assert.Single(publishedEpisodes);
        Assert.Equal(CycleResult.Idle, await loop.CycleAsync(CancellationToken.None));
        Assert.Equal(2, publishCalls);
        Assert.Equal(2, publishedEpisodes.Count);
    }

    [Fact]
    public async Task Retry_of_an_unknown_recording_says_so()
    {
        using var loop = Loop();
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => loop.RetryAsync("finnes-ikke.wav"));
        Assert.Contains("'finnes-ikke.wav'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_files_are_replaced_whole_and_an_unreadable_one_is_skipped()
    {
        var store = new JobStore(root);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(new RecordingJob { Key = JobStore.KeyFor("a.wav"), File = "a.wav", FirstSeenAt = now, UpdatedAt = now });
        await File.WriteAllTextAsync(Path.Combine(store.Folder, JobStore.KeyFor("b.wav") + ".json"), "{ halv");

        Assert.Equal("a.wav", Assert.Single(store.All()).File);
        Assert.Empty(Directory.EnumerateFiles(store.Folder, "*.tmp"));
        Assert.Throws<ArgumentException>(() => store.Find("../../etc/passwd"));
    }
}
