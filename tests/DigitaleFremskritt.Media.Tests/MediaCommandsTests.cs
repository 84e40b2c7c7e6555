using System.Globalization;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;

namespace DigitaleFremskritt.Media.Tests;

/// <summary>Argument building, checked on the final ffmpeg argument strings without running ffmpeg.</summary>
public class MediaCommandsTests
{
    private static AudioEncodeRequest Request(LoudnessChain chain, int channels = 2, string? cover = "/art/cover.jpg") =>
        new("/in/rec.wav", chain, channels, channels == 1 ? 96 : 128, 44100, 16000, "/work/meta.txt", cover, "/work/out.mp3", "/work/out.wav");

    [Fact]
    public void Audio_encode_is_one_decode_feeding_mp3_and_16k_wav()
    {
        var arguments = MediaCommands.EncodeAudio(Request(new LoudnessChain(4.5))).Arguments;

        Assert.Equal(1, Count(arguments, "-i \"/in/rec.wav\""));
        Assert.Contains("-filter_complex \"[0:a:0]aformat=channel_layouts=stereo,volume=4.50dB,asplit=2[mp3][asr]\"", arguments);
        Assert.Contains("-map \"[mp3]\" -map 1:v:0 -c:v copy -disposition:v:0 attached_pic -map_metadata 2 -c:a libmp3lame -b:a 128k -ar 44100 -ac 2 -id3v2_version 3 -write_id3v1 0 -f mp3", arguments);
        Assert.Contains("-map \"[asr]\" -map_metadata -1 -c:a pcm_s16le -ar 16000 -ac 1 -f wav", arguments);
        Assert.Contains("-f ffmetadata -i \"/work/meta.txt\"", arguments);
        Assert.True(arguments.IndexOf("\"/work/out.mp3\"", StringComparison.Ordinal) < arguments.IndexOf("\"/work/out.wav\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Mono_uses_96k_and_without_cover_the_metadata_is_input_1()
    {
        var arguments = MediaCommands.EncodeAudio(Request(new LoudnessChain(-2), channels: 1, cover: null)).Arguments;

        Assert.Contains("volume=-2.00dB", arguments);
        Assert.Contains("-map_metadata 1 -c:a libmp3lame -b:a 96k -ar 44100 -ac 1", arguments);
        Assert.DoesNotContain("attached_pic", arguments);
    }

    [Fact]
    public void Numbers_are_formatted_with_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("nb-NO");
        try
        {
            var arguments = MediaCommands.EncodeAudio(Request(new LoudnessChain(3.25, -1.5))).Arguments;
            Assert.Contains("volume=3.25dB", arguments);
            Assert.Contains("alimiter=limit=0.8414", arguments);
            Assert.DoesNotContain("3,25", arguments);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Limiter_runs_oversampled_and_returns_to_the_output_rate()
    {
        var filter = new LoudnessChain(6, -1.5).ToFilter(44100);

        Assert.Equal("volume=6.00dB,aresample=176400,alimiter=limit=0.8414:attack=5:release=50:level=false,aresample=44100", filter);
        Assert.Equal("linear+limiter", new LoudnessChain(6, -1.5).Mode);
        Assert.Equal("linear", new LoudnessChain(6).Mode);
    }

    [Fact]
    public void Dynamic_mode_passes_the_measurement_and_sets_the_output_rate()
    {
        var measured = new Ebur128Summary(-30.2, -40.5, 18.1, -6.3);
        var chain = new LoudnessChain(0, null, new DynamicLoudnorm(-16, -1.5, 15, measured));

        var filter = chain.ToFilter(44100);

        Assert.Equal("loudnorm=I=-16.0:TP=-1.5:LRA=15.0:measured_I=-30.2:measured_TP=-6.3:measured_LRA=18.1:measured_thresh=-40.5:linear=false:print_format=none,aresample=44100", filter);
        Assert.Contains("loudnorm=I=-15.6:TP=-1.8:", (chain with { GainDb = 0.4, LimitDbfs = -1.8 }).ToFilter(44100));
        Assert.Equal("dynamic", chain.Mode);
    }

    [Fact]
    public void Video_encode_scales_to_at_most_1080_lines_with_faststart()
    {
        var request = new VideoEncodeRequest("/in/talk.mov", new LoudnessChain(1), new VideoEncodingOptions(), "/work/meta.txt", "/work/out.mp4");

        var arguments = MediaCommands.EncodeVideo(request).Arguments;

        Assert.Contains("scale=w=-2:h='2*trunc(min(ih,1080)/2)',format=yuv420p[v]", arguments);
        Assert.Contains("[0:a:0]aformat=channel_layouts=stereo,volume=1.00dB[a]", arguments);
        Assert.Contains("-c:v libx264 -preset veryfast -crf 23 -c:a aac -b:a 160k -ar 48000 -ac 2 -movflags +faststart -f mp4", arguments);
    }

    [Fact]
    public void Measuring_several_files_uses_one_ebur128_instance_per_file()
    {
        var arguments = MediaCommands.MeasureMany(["/a.mp3", "/b.mp4"]).Arguments;

        Assert.Contains("[0:a:0]ebur128=peak=true:framelog=verbose[m0];[1:a:0]ebur128=peak=true:framelog=verbose[m1]", arguments);
        Assert.Contains("-map \"[m1]\" -f null", arguments);
    }

    [Fact]
    public void Poster_seeks_before_the_input()
    {
        var arguments = MediaCommands.Poster("/in/talk.mp4", TimeSpan.FromSeconds(5), 1080, "/work/poster.jpg").Arguments;

        Assert.True(arguments.IndexOf("-ss", StringComparison.Ordinal) < arguments.IndexOf("-i ", StringComparison.Ordinal), arguments);
        Assert.Contains("-frames:v 1", arguments);
    }

    [Fact]
    public void Ffmetadata_escapes_special_characters_and_drops_control_characters()
    {
        var tags = new MediaTags("A=B; #1 \\ ny\nlinje\u0007", "Digitale Fremskritt", null, new DateOnly(2026, 3, 1));

        var text = tags.ToFfMetadata();

        Assert.StartsWith(";FFMETADATA1\n", text);
        Assert.Contains("title=A\\=B\\; \\#1 \\\\ ny\\\nlinje\n", text);
        Assert.Contains("artist=Digitale Fremskritt\n", text);
        Assert.Contains("date=2026-03-01\n", text);
        Assert.DoesNotContain(text, c => c == (char)7);
    }

    [Theory]
    [InlineData("/tmp/plain/a.wav", "/tmp/plain/a.wav")]
    [InlineData("/tmp/it's \"q\" dir/a.wav", "/tmp/it's \\\"q\\\" dir/a.wav")]
    [InlineData("/tmp/odd\\\"x.wav", "/tmp/odd\\\\\\\"x.wav")]
    public void Paths_are_escaped_for_ffmpegcores_quoting(string path, string expected)
    {
        Assert.Equal(expected, MediaCommands.Path(path));
        Assert.Contains($"-i \"{expected}\"", MediaCommands.Measure(path).Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_loudness_correction_copies_the_picture_and_encodes_only_the_audio()
    {
        var arguments = MediaCommands.ReplaceVideoAudio("/in/talk.mov", "/work/first.mp4", new LoudnessChain(2.5), new VideoEncodingOptions(), "/work/out.mp4").Arguments;

        Assert.Contains("[0:a:0]aformat=channel_layouts=stereo,volume=2.50dB[a]", arguments, StringComparison.Ordinal);
        Assert.Contains("-map 1:v:0 -map \"[a]\" -map_metadata 1 -c:v copy -c:a aac -b:a 160k -ar 48000 -ac 2 -movflags +faststart -f mp4", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signal_in_ffmpegs_output_means_it_was_interrupted()
    {
        Assert.True(FfmpegTool.ReceivedSignal(["size=1kB time=00:00:01.00", "Exiting normally, received signal 2."]));
        Assert.False(FfmpegTool.ReceivedSignal(["Conversion failed!"]));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
