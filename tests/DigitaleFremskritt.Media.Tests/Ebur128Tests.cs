using DigitaleFremskritt.Media;

namespace DigitaleFremskritt.Media.Tests;

/// <summary>The ebur128 summary parser, on stderr saved from real ffmpeg 5.1 runs (TestData/).</summary>
public class Ebur128Tests
{
    private static string[] Saved(string name) => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void Single_input_summary_is_parsed()
    {
        var summaries = Ebur128.ParseSummaries(Saved("ebur128-single.txt"));

        var summary = Assert.Single(summaries).Value;
        Assert.Equal(-21.3, summary.IntegratedLufs);
        Assert.Equal(-31.4, summary.ThresholdLufs);
        Assert.Equal(1.8, summary.RangeLu);
        Assert.Equal(0.0, summary.TruePeakDbtp);
    }

    [Fact]
    public void With_two_inputs_the_last_summary_of_each_instance_wins()
    {
        // ffmpeg prints an empty (-70 LUFS) summary for each instance first, when the graph is reconfigured.
        var summaries = Ebur128.ParseSummaries(Saved("ebur128-two-inputs.txt"));

        Assert.Equal(2, summaries.Count);
        Assert.Equal(-16.5, summaries[0].IntegratedLufs);
        Assert.Equal(2.0, summaries[0].TruePeakDbtp);
        Assert.Equal(-19.0, summaries[1].IntegratedLufs);
        Assert.Equal(0.2, summaries[1].TruePeakDbtp);
    }

    [Fact]
    public void Silence_reads_as_minus_70_and_the_peak_floor()
    {
        var summary = Ebur128.ParseSummaries(Saved("ebur128-silence.txt"))[0];

        Assert.Equal(-70.0, summary.IntegratedLufs);
        Assert.Equal(Ebur128.Floor, summary.TruePeakDbtp);
    }

    [Fact]
    public void Summary_header_after_a_status_line_on_the_same_line_is_found()
    {
        string[] lines =
        [
            "size=N/A time=00:00:10.45 bitrate=N/A speed= 266x    [Parsed_ebur128_0 @ 0x1] Summary:",
            "",
            "  Integrated loudness:",
            "    I:         -23.4 LUFS",
            "    Threshold: -33.9 LUFS",
            "  Loudness range:",
            "    LRA:         7.5 LU",
            "    Threshold: -44.0 LUFS",
            "  True peak:",
            "    Peak:       -3.2 dBFS",
        ];

        var summary = Ebur128.ParseSummaries(lines)[0];

        Assert.Equal(-23.4, summary.IntegratedLufs);
        Assert.Equal(-33.9, summary.ThresholdLufs);
        Assert.Equal(7.5, summary.RangeLu);
        Assert.Equal(-3.2, summary.TruePeakDbtp);
    }

    [Fact]
    public void No_summary_gives_nothing()
    {
        Assert.Empty(Ebur128.ParseSummaries(["ffmpeg version 5.1", "Input #0, wav"]));
    }

    [Fact]
    public void Decoded_time_is_the_last_status_time()
    {
        Assert.Equal(TimeSpan.FromSeconds(10.45), FfmpegTool.LastProgressTime(Saved("ebur128-single.txt")));
        Assert.Equal(new TimeSpan(0, 1, 2, 3, 500), FfmpegTool.LastProgressTime(["size=N/A time=00:00:01.00 x", "frame=1 time=01:02:03.50 bitrate"]));
        Assert.Null(FfmpegTool.LastProgressTime(["nothing here"]));
    }

    [Fact]
    public void Probe_reason_drops_the_path_ffprobe_repeats()
    {
        Assert.Equal("Invalid data found when processing input", FfmpegTool.ProbeReason("ffprobe failed\n/tmp/a b.mp3: Invalid data found when processing input\n", "/tmp/a b.mp3"));
        Assert.Equal("Invalid argument", FfmpegTool.ProbeReason("ffprobe exited with non-zero exit-code (1 - /tmp/x (2).mp3: Invalid argument)", "/tmp/x (2).mp3"));
    }
}
