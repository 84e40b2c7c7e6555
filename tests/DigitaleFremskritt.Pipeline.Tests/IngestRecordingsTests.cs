using System.Security.Cryptography;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Pipeline;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Pipeline.Tests;

/// <summary>The whole ingest stage on a real content root with real ffmpeg.</summary>
public sealed class IngestRecordingsTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly FremskrittOptions options;

    public IngestRecordingsTests()
    {
        root = new ContentRoot(temp.Folder("innhold"));
        Directory.CreateDirectory(root.Ingest);
        options = new FremskrittOptions
        {
            Ingest = new IngestOptions { SettleSeconds = 0, MaxSettleWaitSeconds = 5 },
            Shows =
            {
                ["podcast"] = new ShowOptions { Title = "Digitale Fremskritt", Kind = ShowKind.Audio },
                ["seminar"] = new ShowOptions { Title = "Seminaret", Kind = ShowKind.Video },
                ["folkevalgt"] = new ShowOptions { Title = "Folkevalgtopplæring", Kind = ShowKind.Video },
            },
        };
    }

    private IngestRecordings Pipeline(TranscriptionService? transcription = null) =>
        new(root, options, new NormaliseRecording(new FfmpegTool(options.Tools)), null, null, new TranscribeEpisode(root, options), transcription);

    private TranscriptionService WithTinyModel()
    {
        Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
        options.Transcription.TemperatureIncrement = 0f;
        var model = TinyWhisperModel.Write(temp.File("ggml-tiny-test.bin"));
        return new TranscriptionService(new ModelOptions { ModelsFolder = temp.Folder("modeller"), ActiveModel = model }, null);
    }

    private string Drop(string name) => Path.Combine(root.Ingest, name);

    [Fact]
    public async Task A_recording_with_a_sidecar_becomes_an_episode_with_archived_original_and_stored_media()
    {
        var recording = TestMedia.Speech(Drop("Gevinst i Ørland – del 1.wav"), channels: 2, gainDb: -6);
        await File.WriteAllTextAsync(Drop("Gevinst i Ørland – del 1.yaml"), """
            title: Gevinstrealisering i Ørland
            date: 2026-11-20
            description: |
              Vi snakker om **gevinster**.

              Andre avsnitt.
            speakers: [Kari Nordmann, Ola Nordmann]
            themes: [Gevinstrealisering, endringsledelse]
            season: 2
            episode: 5
            chapters:
              - start: "0:00"
                title: Innledning
              - start: "0:05"
                title: Gevinster
            """);
        var originalHash = Sha256(recording);

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var episode = new EpisodeStore(root).FindBySlug("gevinstrealisering-i-orland");
        Assert.NotNull(episode);
        Assert.Equal("Gevinstrealisering i Ørland", episode.Title);
        Assert.Equal("podcast", episode.Show);
        Assert.Equal(new DateOnly(2026, 11, 20), episode.Date);
        Assert.Equal(["gevinstrealisering", "endringsledelse"], episode.Themes);
        Assert.Equal(["Kari Nordmann", "Ola Nordmann"], episode.Speakers);
        Assert.Equal(2, episode.Season);
        Assert.Equal(5, episode.EpisodeNumber);
        Assert.Equal(2, episode.Chapters.Count);
        Assert.Contains("Andre avsnitt.", episode.Description, StringComparison.Ordinal);
        Assert.Equal(EpisodeState.TranscriptPending, episode.State);
        Assert.Equal(originalHash[..16], episode.Id);

        // The original: archived byte for byte, read-only, and moved untouched to done/.
        Assert.Equal(originalHash, episode.Source.Sha256);
        var archive = root.Resolve(episode.Source.Archive);
        Assert.Equal(originalHash, Sha256(archive));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(archive));
        Assert.Equal(originalHash, Sha256(Path.Combine(root.Done, "Gevinst i Ørland – del 1.wav")));
        Assert.True(File.Exists(Path.Combine(root.Done, "Gevinst i Ørland – del 1.yaml")));
        Assert.False(File.Exists(recording));

        // Media in the content-addressed store, hashes as recorded.
        foreach (var media in new[] { episode.Media.Audio, episode.Media.TranscriptionWav, episode.Media.Waveform })
        {
            Assert.NotNull(media);
            var path = root.Resolve(media.Path);
            Assert.Equal(media.Sha256, Sha256(path));
            Assert.Equal(media.Bytes, new FileInfo(path).Length);
            Assert.Contains(media.Sha256, path, StringComparison.Ordinal);
        }

        var (lufs, peak) = TestMedia.MeasureLoudness(root.Resolve(episode.Media.Audio!.Path));
        Assert.InRange(lufs, -16.5, -15.5);
        Assert.True(peak <= -1.0);

        var qc = new EpisodeStore(root).LoadQc(episode);
        Assert.NotNull(qc);
        Assert.True(qc.Passed);
        Assert.Equal(3, qc.Outputs.Count);

        // Nothing half-done left behind.
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path, ".*"));
        Assert.True(!Directory.Exists(root.Work) || !Directory.EnumerateFileSystemEntries(root.Work).Any());
        Assert.Empty(Directory.EnumerateFiles(root.Originals, "*.tmp"));
    }

    [Fact]
    public async Task Without_a_sidecar_title_comes_from_the_file_name()
    {
        TestMedia.Speech(Drop("mote_i_fosenregionen.wav"));

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("Mote i fosenregionen", outcome.Episode!.Title);
        Assert.Equal("mote-i-fosenregionen", outcome.Episode.Slug);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), outcome.Episode.Date);
    }

    [Fact]
    public async Task The_same_recording_dropped_twice_under_another_name_is_recognised()
    {
        var first = TestMedia.Speech(Drop("opptak.wav"));
        Assert.Equal(IngestStatus.Ingested, Assert.Single(await Pipeline().RunAsync()).Status);
        File.Copy(Path.Combine(root.Done, "opptak.wav"), Drop("kopi av opptak.wav"));

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Duplicate, outcome.Status);
        Assert.Contains("opptak", outcome.Message, StringComparison.Ordinal);
        Assert.Single(new EpisodeStore(root).LoadAll());
        Assert.True(File.Exists(Path.Combine(root.Done, "kopi av opptak.wav")));
        Assert.False(File.Exists(first));
    }

    [Fact]
    public async Task Video_goes_to_the_seminar_show_unless_the_sidecar_names_another()
    {
        TestMedia.Video(Drop("seminar.mp4"), width: 640, height: 360);
        TestMedia.Video(Drop("folkevalgt 1.mkv"), width: 640, height: 360, gainDb: -10);
        await File.WriteAllTextAsync(Drop("folkevalgt 1.md"), "---\nshow: folkevalgt\ntitle: Hva er digital transformasjon?\n---\nFørste video i serien.\n");

        var outcomes = await Pipeline().RunAsync();

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Ingested, o.Status));
        var seminar = outcomes.Single(o => o.File == "seminar.mp4").Episode!;
        var folkevalgt = outcomes.Single(o => o.File == "folkevalgt 1.mkv").Episode!;
        Assert.Equal("seminar", seminar.Show);
        Assert.Equal("folkevalgt", folkevalgt.Show);
        Assert.Equal("Første video i serien.", folkevalgt.Description);
        foreach (var episode in new[] { seminar, folkevalgt })
        {
            Assert.NotNull(episode.Media.Video);
            Assert.NotNull(episode.Media.Poster);
            Assert.NotNull(episode.Media.Audio);
            Assert.Equal("h264", TestMedia.Probe(root.Resolve(episode.Media.Video.Path), "v:0", "codec_name"));
            Assert.Equal("mp3", TestMedia.Probe(root.Resolve(episode.Media.Audio.Path), "a:0", "codec_name"));
        }
    }

    [Fact]
    public async Task Every_bad_input_fails_alone_with_a_reason_and_the_untouched_file_in_failed()
    {
        File.WriteAllBytes(Drop("tom.wav"), []);
        File.WriteAllText(Drop("ikke lyd.mp3"), "dette er bare tekst");
        TestMedia.TruncatedFlac(Drop("avkuttet.flac"));
        TestMedia.Video(Drop("uten lyd.mp4"), withAudio: false);
        TestMedia.Silence(Drop("stille.wav"));
        TestMedia.Tone(Drop("kort.wav"), 1.5);
        TestMedia.Speech(Drop("ødelagt sidecar.wav"), gainDb: -1);
        File.WriteAllText(Drop("ødelagt sidecar.yaml"), "title: [uavsluttet\n  - x: : :\n");
        TestMedia.Speech(Drop("rømning.wav"), gainDb: -2);
        File.WriteAllText(Drop("rømning.yaml"), "slug: ../../x\n");
        TestMedia.Speech(Drop("god.wav"), gainDb: -3);
        var hashes = Directory.EnumerateFiles(root.Ingest).ToDictionary(f => Path.GetFileName(f)!, f => Sha256(f));

        var outcomes = await Pipeline().RunAsync();

        var expected = new Dictionary<string, string>
        {
            ["tom.wav"] = "empty",
            ["ikke lyd.mp3"] = "not a readable media file",
            ["avkuttet.flac"] = "truncated or corrupt",
            ["uten lyd.mp4"] = "no audio stream",
            ["stille.wav"] = "silent",
            ["kort.wav"] = "the minimum is 3 s",
            ["ødelagt sidecar.wav"] = "sidecar ødelagt sidecar.yaml",
            ["rømning.wav"] = "slug '../../x' is not allowed",
        };
        foreach (var (file, reason) in expected)
        {
            var outcome = outcomes.Single(o => o.File == file);
            Assert.Equal(IngestStatus.Failed, outcome.Status);
            Assert.Contains(reason, outcome.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', outcome.Message);
            var failed = Path.Combine(root.Failed, file);
            Assert.Equal(hashes[file], Sha256(failed));
            Assert.Contains(reason, await File.ReadAllTextAsync(failed + ".error.txt"), StringComparison.Ordinal);
            Assert.False(File.Exists(Drop(file)));
        }

        Assert.Equal(hashes["rømning.yaml"], Sha256(Path.Combine(root.Failed, "rømning.yaml")));
        Assert.Equal(IngestStatus.Ingested, outcomes.Single(o => o.File == "god.wav").Status);
        Assert.Single(new EpisodeStore(root).LoadAll());
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine(root.Path, "../../x"))));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "x")));
    }

    [Fact]
    public async Task A_recording_longer_than_the_maximum_fails()
    {
        options.Ingest.MaxDurationMinutes = 0.05;
        TestMedia.Speech(Drop("for lang.wav"));

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Failed, outcome.Status);
        Assert.Contains("the maximum is", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_still_being_copied_is_left_for_the_next_run()
    {
        options.Ingest.SettleSeconds = 30;
        options.Ingest.MaxSettleWaitSeconds = 0.5;
        var recording = TestMedia.Speech(Drop("kopieres.wav"));
        File.SetLastWriteTimeUtc(recording, DateTime.UtcNow);

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.NotSettled, outcome.Status);
        Assert.True(File.Exists(recording));
        Assert.Empty(new EpisodeStore(root).LoadAll());
    }

    [Fact]
    public async Task A_recording_whose_sidecar_is_still_being_copied_waits_for_it()
    {
        options.Ingest.SettleSeconds = 30;
        options.Ingest.MaxSettleWaitSeconds = 0.5;
        var recording = TestMedia.Speech(Drop("med sidecar.wav"));
        File.SetLastWriteTimeUtc(recording, DateTime.UtcNow.AddMinutes(-5));
        await File.WriteAllTextAsync(Drop("med sidecar.yaml"), "title: Halvveis\n");

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.NotSettled, outcome.Status);
        Assert.True(File.Exists(recording));
        Assert.Empty(new EpisodeStore(root).LoadAll());

        File.SetLastWriteTimeUtc(Drop("med sidecar.yaml"), DateTime.UtcNow.AddMinutes(-5));
        var later = Assert.Single(await Pipeline().RunAsync());
        Assert.Equal(IngestStatus.Ingested, later.Status);
        Assert.Equal("Halvveis", later.Episode!.Title);
    }

    [Fact]
    public async Task Two_episodes_with_the_same_title_get_distinct_slugs()
    {
        TestMedia.Speech(Drop("a.wav"), gainDb: -3);
        TestMedia.Speech(Drop("b.wav"), gainDb: -6);
        await File.WriteAllTextAsync(Drop("a.yaml"), "title: Strategi\n");
        await File.WriteAllTextAsync(Drop("b.yaml"), "title: Strategi\n");

        var outcomes = await Pipeline().RunAsync();

        Assert.Equal(["strategi", "strategi-2"], outcomes.Select(o => o.Episode!.Slug).Order().ToArray());
    }

    [Fact]
    public async Task Hidden_and_partial_files_are_not_touched()
    {
        TestMedia.Speech(Drop(".skjult.wav"));
        File.WriteAllText(Drop("opptak.wav.part"), "x");

        Assert.Empty(await Pipeline().RunAsync());
        Assert.True(File.Exists(Drop(".skjult.wav")));
        Assert.True(File.Exists(Drop("opptak.wav.part")));
    }

    [Fact]
    public async Task A_broken_episode_yaml_elsewhere_does_not_fail_new_recordings()
    {
        var broken = Directory.CreateDirectory(Path.Combine(root.Path, "gammel-episode")).FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "episode.yaml"), "id: x\ndate: 28.11.2026\n");
        TestMedia.Speech(Drop("ny.wav"));

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
    }

    [Fact]
    public async Task An_unreadable_entry_fails_alone_and_the_batch_goes_on()
    {
        File.CreateSymbolicLink(Drop("a-brutt lenke.wav"), Path.Combine(temp.Path, "finnes-ikke.wav"));
        File.SetLastWriteTimeUtc(TestMedia.Speech(Drop("b-god.wav")), DateTime.UtcNow.AddMinutes(1));

        var outcomes = await Pipeline().RunAsync();

        Assert.Equal(IngestStatus.Failed, outcomes.Single(o => o.File == "a-brutt lenke.wav").Status);
        Assert.Equal(IngestStatus.Ingested, outcomes.Single(o => o.File == "b-god.wav").Status);
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_run_are_removed_and_never_count_as_episodes()
    {
        var recording = TestMedia.Speech(Drop("igjen.wav"));
        var staging = Directory.CreateDirectory(Path.Combine(root.Path, ".episode-deadbeef")).FullName;
        await File.WriteAllTextAsync(Path.Combine(staging, "episode.yaml"), $"id: x\nslug: halvferdig\nsource:\n  sha256: {Sha256(recording)}\n");
        var scratch = Directory.CreateDirectory(Path.Combine(root.Work, "0123")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scratch, "halv.mp3"), "x");

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.False(Directory.Exists(staging));
        Assert.False(Directory.Exists(scratch));
    }

    [Fact]
    public async Task A_second_run_on_the_same_content_root_is_refused_and_touches_nothing()
    {
        var recording = TestMedia.Speech(Drop("opptak.wav"));
        using var held = File.Open(Path.Combine(root.Path, IngestRecordings.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        await Assert.ThrowsAsync<ContentBusyException>(() => Pipeline().RunAsync());

        Assert.True(File.Exists(recording));
        Assert.False(Directory.Exists(root.Originals));
    }

    [Fact]
    public async Task A_setup_fault_stops_the_run_and_leaves_the_recording_in_ingest()
    {
        options.Shows["podcast"].Audio.SampleRate = 12345;
        var recording = TestMedia.Speech(Drop("opptak.wav"));

        await Assert.ThrowsAsync<MediaEnvironmentException>(() => Pipeline().RunAsync());

        Assert.True(File.Exists(recording));
        Assert.False(Directory.Exists(root.Failed));
        Assert.Empty(new EpisodeStore(root).LoadAll());
    }

    [Fact]
    public async Task Cancelling_leaves_the_recording_in_ingest_and_nothing_half_done()
    {
        var recording = TestMedia.Speech(Drop("avbrutt.wav"), 2);
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<IngestProgress>(p =>
        {
            if (p.Step.StartsWith("encoding", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline().RunAsync(progress, cancel.Token));

        Assert.True(File.Exists(recording));
        Assert.False(Directory.Exists(root.Failed));
        Assert.Empty(new EpisodeStore(root).LoadAll());
        Assert.True(!Directory.Exists(root.Work) || !Directory.EnumerateFileSystemEntries(root.Work).Any());
        Assert.Empty(Directory.EnumerateDirectories(root.Path, ".episode-*"));
    }

    [Fact]
    public async Task With_a_model_ingest_transcribes_and_without_one_marks_the_episode_pending()
    {
        TestMedia.Speech(Drop("med modell.wav"), gainDb: -3);
        using var service = WithTinyModel();

        var transcribed = Assert.Single(await Pipeline(service).RunAsync());

        Assert.Equal(IngestStatus.Ingested, transcribed.Status);
        Assert.False(transcribed.TranscriptPending);
        var episode = new EpisodeStore(root).FindBySlug("med-modell")!;
        Assert.Equal(EpisodeState.Transcribed, episode.State);
        Assert.True(File.Exists(Path.Combine(root.Path, "med-modell", "transcript.vtt")));

        TestMedia.Speech(Drop("uten modell.wav"), gainDb: -6);
        using var none = new TranscriptionService(new ModelOptions { ModelsFolder = temp.Folder("tom") }, null);
        var pending = Assert.Single(await Pipeline(none).RunAsync());

        Assert.Equal(IngestStatus.Ingested, pending.Status);
        Assert.True(pending.TranscriptPending);
        Assert.Equal(EpisodeState.TranscriptPending, new EpisodeStore(root).FindBySlug("uten-modell")!.State);
    }

    [Fact]
    public async Task A_producers_transcript_beside_the_recording_is_used_instead_of_whisper()
    {
        TestMedia.Speech(Drop("intervju.wav"), gainDb: -3);
        await File.WriteAllTextAsync(Drop("intervju.vtt"), "WEBVTT\n\n00:00:00.500 --> 00:00:04.000\n<v Kari Nordmann>Velkommen til Digitale Fremskritt.</v>\n");
        using var service = WithTinyModel();

        var outcome = Assert.Single(await Pipeline(service).RunAsync());

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Contains("producer's transcript intervju.vtt", outcome.Message, StringComparison.Ordinal);
        var episode = new EpisodeStore(root).FindBySlug("intervju")!;
        Assert.Equal(TranscriptSource.Human, episode.Transcript!.Source);
        var json = await File.ReadAllTextAsync(Path.Combine(root.Path, "intervju", "transcript.json"));
        Assert.Contains("\"speaker\":\"Kari Nordmann\"", json, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root.Done, "intervju.vtt")));
    }

    [Fact]
    public async Task A_malformed_producer_transcript_fails_the_recording_with_the_line()
    {
        TestMedia.Speech(Drop("feil.wav"), gainDb: -3);
        await File.WriteAllTextAsync(Drop("feil.srt"), "1\n00:00:01,000 --> ikke tid\nHei\n");

        var outcome = Assert.Single(await Pipeline().RunAsync());

        Assert.Equal(IngestStatus.Failed, outcome.Status);
        Assert.StartsWith("transcript feil.srt: line 2:", outcome.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root.Failed, "feil.srt")));
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => temp.Dispose();
}
