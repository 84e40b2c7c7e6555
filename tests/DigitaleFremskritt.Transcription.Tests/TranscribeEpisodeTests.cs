using System.Text.Json;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription.Formats;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests;

/// <summary>The transcription stage on a real content root, with the real Whisper.net runtime and the tiny model.</summary>
[Collection(WhisperCollection.Name)]
public sealed class TranscribeEpisodeTests : IDisposable
{
    private readonly WhisperModelFixture model;
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly FremskrittOptions options = new()
    {
        Transcription = new TranscriptionOptions { TemperatureIncrement = 0f, Threads = 2 },
        Shows = { ["podcast"] = new ShowOptions { Language = "no", Glossary = ["Kommunett", "gevinstrealisering", "Trøndelag"] } },
    };

    public TranscribeEpisodeTests(WhisperModelFixture model)
    {
        this.model = model;
        root = new ContentRoot(temp.Folder("innhold"));
    }

    private async Task<Episode> EpisodeWithSpeech(string slug = "episode")
    {
        var wav = TestMedia.Speech(temp.File(slug + ".wav"), 1, -3, 16000);
        var stored = await new MediaStore(root).AddAsync(CopyToWork(wav));
        var seconds = double.Parse(TestMedia.ProbeFormat(wav, "duration"), System.Globalization.CultureInfo.InvariantCulture);
        var episode = new Episode
        {
            Id = slug,
            Slug = slug,
            Show = "podcast",
            Title = "Test",
            Media = new EpisodeMedia { TranscriptionWav = new MediaFile { Path = stored.Path, Sha256 = stored.Sha256, Bytes = stored.Bytes, ContentType = "audio/wav", DurationSeconds = seconds } },
            State = EpisodeState.TranscriptPending,
        };
        await new EpisodeStore(root).SaveAsync(episode);
        return episode;
    }

    private string CopyToWork(string file)
    {
        var work = new MediaStore(root).NewWorkPath(".wav");
        File.Copy(file, work);
        return work;
    }

    private TranscribeEpisode Stage() => new(root, options);

    private string Folder(Episode episode) => new EpisodeStore(root).FolderOf(episode);

    [Fact]
    public async Task Every_output_format_parses_and_timestamps_are_valid()
    {
        var episode = await EpisodeWithSpeech();
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        var progress = new List<TranscribeProgress>();

        var outcome = await Stage().RunAsync(episode, transcriber, progress: new InlineProgress<TranscribeProgress>(progress.Add));

        Assert.Equal(TranscribeStatus.Transcribed, outcome.Status);
        var folder = Folder(episode);
        var duration = TimeSpan.FromSeconds(episode.Media.TranscriptionWav!.DurationSeconds!.Value);
        var vtt = WebVttReader.Read(await File.ReadAllTextAsync(Path.Combine(folder, "transcript.vtt")), "no");
        var srt = SrtReader.Read(await File.ReadAllTextAsync(Path.Combine(folder, "transcript.srt")), "no");
        Assert.NotEmpty(vtt.Segments);
        Assert.Equal(vtt.Segments.Count, srt.Segments.Count);
        foreach (var cues in new[] { vtt.Segments, srt.Segments })
        {
            for (var i = 0; i < cues.Count; i++)
            {
                Assert.True(cues[i].Start < cues[i].End, $"cue {i}");
                Assert.True(cues[i].End <= duration, $"cue {i} ends at {cues[i].End}, after {duration}");
                Assert.True(i == 0 || cues[i].Start >= cues[i - 1].End, $"cue {i} overlaps");
            }
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "transcript.json")));
        Assert.Equal("1.0.0", json.RootElement.GetProperty("version").GetString());
        Assert.NotEmpty(json.RootElement.GetProperty("segments").EnumerateArray());
        Assert.NotEmpty((await File.ReadAllTextAsync(Path.Combine(folder, "transcript.txt"))).Trim());

        var saved = new EpisodeStore(root).FindBySlug(episode.Slug)!;
        Assert.Equal(EpisodeState.Transcribed, saved.State);
        Assert.Equal(TranscriptSource.Machine, saved.Transcript!.Source);
        Assert.Equal("ggml-tiny-test.bin", saved.Transcript.Model);
        Assert.NotEmpty(progress);
        Assert.True(progress[^1].Done <= progress[^1].Total);
    }

    [Fact]
    public async Task A_rerun_skips_done_episodes_unless_forced()
    {
        var episode = await EpisodeWithSpeech();
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        await Stage().RunAsync(episode, transcriber);
        var vtt = Path.Combine(Folder(episode), "transcript.vtt");
        var written = File.GetLastWriteTimeUtc(vtt);

        var again = await Stage().RunAsync(new EpisodeStore(root).FindBySlug(episode.Slug)!, transcriber);
        Assert.Equal(TranscribeStatus.AlreadyDone, again.Status);
        Assert.Equal(written, File.GetLastWriteTimeUtc(vtt));

        var forced = await Stage().RunAsync(new EpisodeStore(root).FindBySlug(episode.Slug)!, transcriber, force: true);
        Assert.Equal(TranscribeStatus.Transcribed, forced.Status);
    }

    [Fact]
    public async Task A_transcript_edited_by_a_producer_is_never_overwritten_even_with_force()
    {
        var episode = await EpisodeWithSpeech();
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        await Stage().RunAsync(episode, transcriber);
        var vtt = Path.Combine(Folder(episode), "transcript.vtt");
        var edited = "WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nVelkommen til Digitale Fremskritt.\n";
        await File.WriteAllTextAsync(vtt, edited);

        var outcome = await Stage().RunAsync(new EpisodeStore(root).FindBySlug(episode.Slug)!, transcriber, force: true);

        Assert.Equal(TranscribeStatus.KeptHuman, outcome.Status);
        Assert.Equal(edited, await File.ReadAllTextAsync(vtt));
    }

    [Theory]
    [InlineData(".txt")]
    [InlineData(".srt")]
    [InlineData(".json")]
    public async Task Editing_any_transcript_format_by_hand_protects_the_transcript(string extension)
    {
        var episode = await EpisodeWithSpeech();
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        await Stage().RunAsync(episode, transcriber);
        var file = Path.Combine(Folder(episode), "transcript" + extension);
        await File.AppendAllTextAsync(file, "\n");
        var edited = await File.ReadAllTextAsync(file);

        var outcome = await Stage().RunAsync(new EpisodeStore(root).FindBySlug(episode.Slug)!, transcriber, force: true);

        Assert.Equal(TranscribeStatus.KeptHuman, outcome.Status);
        Assert.Equal(edited, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_transcript_a_producer_put_in_a_pending_episode_is_kept()
    {
        var episode = await EpisodeWithSpeech();
        var vtt = Path.Combine(Folder(episode), "transcript.vtt");
        var written = "WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nSkrevet av produsenten.\n";
        await File.WriteAllTextAsync(vtt, written);
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);

        var outcome = await Stage().RunAsync(episode, transcriber);

        Assert.Equal(TranscribeStatus.KeptHuman, outcome.Status);
        Assert.Equal(written, await File.ReadAllTextAsync(vtt));
        Assert.Equal(TranscriptSource.Human, new EpisodeStore(root).FindBySlug(episode.Slug)!.Transcript!.Source);
    }

    [Fact]
    public async Task A_producers_cues_outside_the_recording_are_dropped_and_overlaps_resolved()
    {
        var episode = await EpisodeWithSpeech();
        var duration = episode.Media.TranscriptionWav!.DurationSeconds!.Value;
        var transcript = WebVttReader.Read("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nEn.\n\n00:00:03.000 --> 00:00:05.000\nTo.\n\n05:00.000 --> 05:03.000\nEtter slutten.\n", "no");

        var outcome = await Stage().ImportAsync(episode, transcript, "producent.vtt");

        Assert.Contains("1 cue(s) outside the recording dropped", outcome.Message, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder(episode), "transcript.json")));
        var segments = json.RootElement.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(2, segments.Count);
        Assert.Equal(4.0, segments[1].GetProperty("startTime").GetDouble());
        Assert.All(segments, s => Assert.True(s.GetProperty("endTime").GetDouble() <= duration));
    }

    [Fact]
    public async Task A_producers_transcript_is_imported_in_every_format_and_kept()
    {
        var episode = await EpisodeWithSpeech();
        var supplied = temp.File("supplied.srt");
        await File.WriteAllTextAsync(supplied, "1\n00:00:00,500 --> 00:00:03,000\nVelkommen til Digitale Fremskritt & gevinster.\n\n2\n00:00:03,500 --> 00:00:06,000\nTrøndelag <3\n");

        var imported = await Stage().ImportAsync(episode, TranscribeEpisode.ReadProducerTranscript(supplied, "no"), "supplied.srt");
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        var rerun = await Stage().RunAsync(new EpisodeStore(root).FindBySlug(episode.Slug)!, transcriber, force: true);

        Assert.Equal(TranscribeStatus.Imported, imported.Status);
        Assert.Equal(TranscribeStatus.KeptHuman, rerun.Status);
        var vtt = await File.ReadAllTextAsync(Path.Combine(Folder(episode), "transcript.vtt"));
        Assert.Contains("Fremskritt &amp;", vtt, StringComparison.Ordinal);
        Assert.DoesNotContain(" & ", vtt, StringComparison.Ordinal);
        Assert.Contains("Trøndelag &lt;3", vtt, StringComparison.Ordinal);
        Assert.Equal(TranscriptSource.Human, new EpisodeStore(root).FindBySlug(episode.Slug)!.Transcript!.Source);
    }

    [Fact]
    public async Task A_malformed_producer_transcript_names_the_file_and_line()
    {
        var supplied = temp.File("feil.vtt");
        await File.WriteAllTextAsync(supplied, "WEBVTT\n\n00:00:01.000 --> tull\nHei\n");

        var error = Assert.Throws<TranscriptFormatException>(() => TranscribeEpisode.ReadProducerTranscript(supplied, "no"));

        Assert.StartsWith("transcript feil.vtt: line 3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_model_the_episode_is_marked_pending_and_the_message_says_what_to_do()
    {
        var episode = await EpisodeWithSpeech();
        episode.State = EpisodeState.Normalised;
        using var service = new TranscriptionService(new ModelOptions { ModelsFolder = temp.Folder("modeller") }, null);

        var outcome = await Stage().RunAsync(episode, service.GetTranscriber());

        Assert.Equal(TranscribeStatus.Pending, outcome.Status);
        Assert.Equal(EpisodeState.TranscriptPending, new EpisodeStore(root).FindBySlug(episode.Slug)!.State);
        Assert.False(File.Exists(Path.Combine(Folder(episode), "transcript.vtt")));
        Assert.Contains("fremskritt models download", service.MissingModelMessage, StringComparison.Ordinal);
        Assert.Contains("WHISPER_MODEL", service.MissingModelMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_whisper_model_env_variable_is_used_when_nothing_else_is_configured()
    {
        using var service = new TranscriptionService(new ModelOptions { ModelsFolder = temp.Folder("modeller") }, model.ModelPath);

        Assert.Null(service.MissingModelMessage);
        Assert.NotNull(service.GetTranscriber());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Cancelling_writes_no_transcript_at_all()
    {
        var episode = await EpisodeWithSpeech();
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<TranscribeProgress>(_ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Stage().RunAsync(episode, transcriber, progress: progress, cancellationToken: cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(Folder(episode), "transcript*"));
        Assert.Empty(Directory.EnumerateFiles(Folder(episode), ".*"));
        Assert.Equal(EpisodeState.TranscriptPending, new EpisodeStore(root).FindBySlug(episode.Slug)!.State);
    }

    public void Dispose() => temp.Dispose();
}
