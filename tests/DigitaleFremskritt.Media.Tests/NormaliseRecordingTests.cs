using System.Text.Json;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Media.Tests;

/// <summary>
/// Real ffmpeg on generated recordings. The results are checked with an independent ebur128 run on the encoded
/// files (TestMedia.MeasureLoudness), never with the numbers the code under test reports.
/// </summary>
public sealed class NormaliseRecordingTests : IDisposable
{
    private const string CoverArt = "site/assets/covers/podcast.jpg";
    private readonly TempFolder temp = new();
    private readonly NormaliseRecording normalise = new(new FfmpegTool(new ToolOptions()));

    public static TheoryData<string, int, double> AudioCases => new()
    {
        { "quiet mono", 1, -20 },
        { "loud stereo", 2, 0 },
        { "normal stereo", 2, -8 },
        { "loud mono", 1, 0 },
    };

    [Theory]
    [MemberData(nameof(AudioCases))]
    public async Task Speech_lands_on_target_with_true_peak_under_the_ceiling(string name, int channels, double gainDb)
    {
        var input = TestMedia.Speech(temp.File($"{name}.wav"), channels, gainDb);

        var result = await normalise.RunAsync(Request(input));

        var target = channels == 1 ? -19.0 : -16.0;
        var (lufs, peak) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.InRange(lufs, target - 0.5, target + 0.5);
        Assert.True(peak <= -1.0, $"{name}: true peak {peak} dBTP over -1.0");
        Assert.True(result.Qc.Passed);
        Assert.Equal(target, result.Qc.Target.IntegratedLufs);
        Assert.Equal(lufs, result.Qc.After.IntegratedLufs, 1);

        Assert.Equal("44100", TestMedia.Probe(result.Mp3, "a:0", "sample_rate"));
        Assert.Equal(channels.ToString(System.Globalization.CultureInfo.InvariantCulture), TestMedia.Probe(result.Mp3, "a:0", "channels"));
        var bitrate = int.Parse(TestMedia.Probe(result.Mp3, "a:0", "bit_rate"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(channels == 1 ? 96000 : 128000, bitrate);
        Assert.Equal("16000", TestMedia.Probe(result.TranscriptionWav, "a:0", "sample_rate"));
        Assert.Equal("1", TestMedia.Probe(result.TranscriptionWav, "a:0", "channels"));
        Assert.Equal("s16", TestMedia.Probe(result.TranscriptionWav, "a:0", "sample_fmt"));
    }

    [Fact]
    public async Task A_long_recording_is_calibrated_on_an_excerpt_and_lands_on_target_in_one_encode()
    {
        var input = TestMedia.LongSpeech(temp.File("lang.wav"), 100, channels: 2, gainDb: -12);

        var result = await normalise.RunAsync(Request(input));

        var (lufs, peak) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.InRange(lufs, -16.5, -15.5);
        Assert.True(peak <= -1.0);
        Assert.Equal(1, result.Qc.EncodePasses);
        Assert.Single(result.Qc.Passes);
        Assert.InRange(result.Qc.Passes[0].IntegratedLufs, -16.2, -15.8);
        Assert.Empty(Directory.EnumerateFiles(temp.Path, "*.calibration.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_loud_recording_gets_a_limiter_and_the_qc_report_says_so()
    {
        var input = TestMedia.Speech(temp.File("loud.wav"), 2, gainDb: 0);
        var (inputLufs, inputPeak) = TestMedia.MeasureLoudness(input);
        Assert.True(inputPeak - inputLufs > 15, "test input must be peaky enough to need a limiter");

        var result = await normalise.RunAsync(Request(input));

        Assert.Equal("linear+limiter", result.Qc.Mode);
        Assert.Contains("limiter", result.Qc.ModeReason);
        Assert.Equal(inputLufs, result.Qc.Before.IntegratedLufs, 1);
        // The report's input true peak is the real one, measured in parallel, not the planning estimate.
        Assert.Equal(inputPeak, result.Qc.Before.TruePeakDbtp, 1);
    }

    [Fact]
    public async Task A_highly_dynamic_recording_stays_linear_on_target_and_is_flagged()
    {
        var input = TestMedia.Dynamic(temp.File("dynamic.wav"));

        var result = await normalise.RunAsync(Request(input));

        var (lufs, peak) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.InRange(lufs, -16.5, -15.5);
        Assert.True(peak <= -1.0);
        Assert.NotEqual("dynamic", result.Qc.Mode);
        Assert.True(result.Qc.Before.RangeLu > 15, $"LRA {result.Qc.Before.RangeLu}");
        Assert.Contains(result.Qc.Warnings, w => w.Contains("dynamic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dynamic_mode_when_configured_is_recorded_and_still_on_target()
    {
        var input = TestMedia.Dynamic(temp.File("dynamic.wav"));
        var show = new ShowOptions { Loudness = new LoudnessOptions { Mode = LoudnessMode.Dynamic } };

        var result = await normalise.RunAsync(Request(input, show));

        var (lufs, peak) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.Equal("dynamic", result.Qc.Mode);
        Assert.InRange(lufs, -16.5, -15.5);
        Assert.True(peak <= -1.0);
        Assert.Equal("44100", TestMedia.Probe(result.Mp3, "a:0", "sample_rate"));
    }

    [Fact]
    public async Task Mp3_carries_id3_tags_and_cover_art()
    {
        var input = TestMedia.Speech(temp.File("tags.wav"), 2, -10);
        var tags = new MediaTags("Gevinster & <tull> i Ørland", "Digitale Fremskritt", "Kompetanseløft Trøndelag", new DateOnly(2026, 11, 20));

        var result = await normalise.RunAsync(Request(input, tags: tags, cover: RepoFile(CoverArt)));

        Assert.Equal("Gevinster & <tull> i Ørland", TestMedia.ProbeTag(result.Mp3, "title"));
        Assert.Equal("Digitale Fremskritt", TestMedia.ProbeTag(result.Mp3, "album"));
        Assert.Equal("Kompetanseløft Trøndelag", TestMedia.ProbeTag(result.Mp3, "artist"));
        Assert.Equal("2026-11-20", TestMedia.ProbeTag(result.Mp3, "date"));
        Assert.Equal("1", TestMedia.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream_disposition=attached_pic", "-of", "default=nw=1:nk=1", result.Mp3).Trim());
        Assert.DoesNotContain(result.Qc.Warnings, w => w.Contains("cover", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Video_gets_h264_aac_faststart_mp4_at_most_1080_lines_a_poster_and_an_mp3()
    {
        var input = TestMedia.Video(temp.File("seminar talk.mov"), width: 1920, height: 1440, gainDb: -12);

        var result = await normalise.RunAsync(Request(input, new ShowOptions { Kind = ShowKind.Video }));

        Assert.NotNull(result.Video);
        Assert.NotNull(result.Poster);
        Assert.Equal("h264", TestMedia.Probe(result.Video, "v:0", "codec_name"));
        Assert.Equal("1080", TestMedia.Probe(result.Video, "v:0", "height"));
        Assert.Equal("1440", TestMedia.Probe(result.Video, "v:0", "width"));
        Assert.Equal("aac", TestMedia.Probe(result.Video, "a:0", "codec_name"));
        Assert.True(MoovBeforeMdat(result.Video), "faststart: moov atom must precede mdat");
        Assert.Equal("mjpeg", TestMedia.Probe(result.Poster, "v:0", "codec_name"));
        Assert.Equal("1080", TestMedia.Probe(result.Poster, "v:0", "height"));

        var (videoLufs, videoPeak) = TestMedia.MeasureLoudness(result.Video);
        Assert.InRange(videoLufs, -16.5, -15.5);
        Assert.True(videoPeak <= -1.0);
        Assert.NotNull(result.Qc.AfterVideo);
        var (mp3Lufs, _) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.InRange(mp3Lufs, -16.5, -15.5);
        Assert.Equal("1920", result.Qc.Input.Width?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Video_with_mono_audio_gets_a_stereo_aac_track_at_the_stereo_target_and_a_mono_mp3_at_the_mono_target()
    {
        var speech = TestMedia.Speech(temp.File("mono.wav"), 1, -4);
        var input = temp.File("mono video.mp4");
        TestMedia.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=d=30:s=640x360:r=25", "-i", speech,
            "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "1", input);

        var result = await normalise.RunAsync(Request(input, new ShowOptions { Kind = ShowKind.Video }));

        var (mp3Lufs, _) = TestMedia.MeasureLoudness(result.Mp3);
        var (videoLufs, videoPeak) = TestMedia.MeasureLoudness(result.Video!);
        Assert.InRange(mp3Lufs, -19.5, -18.5);
        Assert.InRange(videoLufs, -16.5, -15.5);
        Assert.True(videoPeak <= -1.0);
        Assert.Equal("2", TestMedia.Probe(result.Video!, "a:0", "channels"));
        Assert.Equal(-16, result.Qc.VideoTarget!.IntegratedLufs);
        Assert.True(result.Qc.Passed);
    }

    [Fact]
    public async Task A_video_whose_audio_ends_before_the_picture_is_not_called_truncated()
    {
        var speech = TestMedia.Speech(temp.File("kort lyd.wav"), 2, -6);
        var input = temp.File("lang video.mkv");
        TestMedia.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=d=14:s=320x240:r=25", "-i", speech,
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", input);

        var result = await normalise.RunAsync(Request(input, new ShowOptions { Kind = ShowKind.Video }));

        Assert.NotNull(result.Video);
        Assert.True(result.Qc.Passed);
    }

    [Fact]
    public async Task Output_durations_are_measured_on_the_outputs()
    {
        var input = TestMedia.Speech(temp.File("varighet.wav"), 2, -6);

        var result = await normalise.RunAsync(Request(input));

        var wavSeconds = double.Parse(TestMedia.ProbeFormat(result.TranscriptionWav, "duration"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(wavSeconds, result.DurationsSeconds[result.TranscriptionWav], 2);
        Assert.True(result.DurationsSeconds[result.Mp3] > 5);
    }

    [Fact]
    public async Task Paths_with_quotes_and_apostrophes_work()
    {
        var folder = temp.Folder("it's \"sitert\"");
        var input = TestMedia.Speech(Path.Combine(folder, "Intervju \"Kari\".wav"), 2, -6);

        var result = await normalise.RunAsync(Request(input, work: Path.Combine(folder, "arbeid \"x\"")));

        var (lufs, _) = TestMedia.MeasureLoudness(result.Mp3);
        Assert.InRange(lufs, -16.5, -15.5);
    }

    [Fact]
    public async Task An_encoder_that_cannot_start_is_blamed_on_the_setup_not_the_recording()
    {
        var input = TestMedia.Speech(temp.File("god.wav"), 2, -6);
        var show = new ShowOptions { Audio = new AudioEncodingOptions { SampleRate = 12345 } };

        var error = await Assert.ThrowsAsync<MediaEnvironmentException>(() => normalise.RunAsync(Request(input, show)));

        Assert.Contains("encoder settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ffmpeg_folder_is_a_setup_error()
    {
        var tool = new FfmpegTool(new ToolOptions { FFmpegFolder = temp.File("finnes-ikke") });

        var error = await Assert.ThrowsAsync<MediaEnvironmentException>(() => tool.CheckAvailableAsync());

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+", await new FfmpegTool(new ToolOptions()).CheckAvailableAsync());
    }

    [Fact]
    public async Task Mp3_with_cover_art_is_audio_not_video()
    {
        var input = TestMedia.Mp3WithCoverArt(temp.File("med omslag.mp3"));

        var probe = await normalise.ProbeAsync(input, "med omslag.mp3");
        var result = await normalise.RunAsync(Request(input, new ShowOptions { Kind = ShowKind.Video }), probe);

        Assert.False(probe.HasVideo);
        Assert.Null(result.Video);
        Assert.Null(result.Poster);
    }

    [Fact]
    public async Task Waveform_has_the_configured_buckets_and_follows_the_loudness()
    {
        var input = TestMedia.Dynamic(temp.File("waveform.wav"));

        var result = await normalise.RunAsync(Request(input));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result.Waveform));
        var peaks = json.RootElement.GetProperty("peaks").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(1500, peaks.Length);
        Assert.All(peaks, p => Assert.InRange(p, 0, 1));
        Assert.Equal(16000, json.RootElement.GetProperty("sampleRate").GetInt32());
        // Quiet third, loud third, quiet third.
        var third = peaks.Length / 3;
        var quiet = peaks.Take(third).Max();
        var loud = peaks.Skip(third).Take(third).Max();
        Assert.True(loud > 3 * quiet, $"loud middle ({loud}) should dominate the quiet start ({quiet})");
    }

    [Theory]
    [InlineData("short", "the minimum is 3 s")]
    [InlineData("silent", "silent")]
    [InlineData("truncated", "truncated or corrupt")]
    [InlineData("no audio", "no audio stream")]
    [InlineData("not media", "not a readable media file")]
    public async Task Bad_recordings_are_rejected_with_a_clear_reason_and_leave_no_output(string kind, string expected)
    {
        var input = kind switch
        {
            "short" => TestMedia.Tone(temp.File("short.wav"), 1.5),
            "silent" => TestMedia.Silence(temp.File("silent.wav")),
            "truncated" => TestMedia.TruncatedFlac(temp.File("truncated.flac")),
            "no audio" => TestMedia.Video(temp.File("no audio.mp4"), withAudio: false),
            _ => WriteText(temp.File("text.mp3"), "dette er ikke lyd"),
        };
        var work = temp.Folder("work-" + kind);

        var error = await Assert.ThrowsAsync<RecordingRejectedException>(() => normalise.RunAsync(Request(input, work: work)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.EnumerateFiles(work));
    }

    [Fact]
    public async Task Recordings_over_the_maximum_duration_are_rejected()
    {
        var input = TestMedia.Speech(temp.File("long.wav"));

        var error = await Assert.ThrowsAsync<RecordingRejectedException>(() =>
            normalise.RunAsync(Request(input) with { Limits = new IngestOptions { MaxDurationMinutes = 0.1 } }));

        Assert.Contains("the maximum is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_ffmpeg_and_throws()
    {
        var input = TestMedia.Speech(temp.File("cancel.wav"), 2);
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<StageProgress>(p =>
        {
            if (p.Step.StartsWith("encoding", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => normalise.RunAsync(Request(input), null, progress, cancel.Token));
    }

    private NormaliseRequest Request(string input, ShowOptions? show = null, MediaTags? tags = null, string? cover = null, string? work = null) =>
        new(input, Path.GetFileName(input), show ?? new ShowOptions(), new IngestOptions(),
            tags ?? new MediaTags("Test", "Digitale Fremskritt", null, new DateOnly(2026, 1, 1)), cover, work ?? temp.Folder("work"));

    private static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    private static string RepoFile(string relative) => Path.Combine(Repository.Root, relative);

    /// <summary>Reads the top-level MP4 atoms: faststart puts moov before mdat.</summary>
    private static bool MoovBeforeMdat(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[8];
        var order = new List<string>();
        while (stream.Position < stream.Length && stream.Read(header, 0, 8) == 8)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            order.Add(type);
            long length = size;
            if (size == 1)
            {
                var large = new byte[8];
                stream.ReadExactly(large);
                length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(large);
                stream.Seek(length - 16, SeekOrigin.Current);
            }
            else
            {
                stream.Seek(length - 8, SeekOrigin.Current);
            }
        }

        return order.IndexOf("moov") >= 0 && order.IndexOf("moov") < order.IndexOf("mdat");
    }

    public void Dispose() => temp.Dispose();
}
