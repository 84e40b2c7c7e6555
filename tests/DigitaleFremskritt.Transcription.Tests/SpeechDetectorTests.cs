using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Transcription.Tests;

public sealed class SpeechDetectorTests : IDisposable
{
    private readonly TempFolder temp = new();

    private static double[] Levels(params (int Frames, double Dbfs)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Dbfs, r.Frames)).ToArray();

    [Fact]
    public void Silence_has_no_regions()
    {
        Assert.Empty(SpeechDetector.FromLevels(Levels((1000, -80)), -45, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_speech_run_becomes_one_padded_region()
    {
        // 30 ms frames: silence 0-3 s, speech 3-6 s, silence 6-9 s.
        var regions = SpeechDetector.FromLevels(Levels((100, -80), (100, -20), (100, -80)), -45, TimeSpan.FromSeconds(9));

        var region = Assert.Single(regions);
        Assert.Equal(2.8, region.Start.TotalSeconds, 3);
        Assert.Equal(6.2, region.End.TotalSeconds, 3);
    }

    [Fact]
    public void Short_pauses_are_bridged_and_long_ones_split()
    {
        var regions = SpeechDetector.FromLevels(
            Levels((50, -20), (10, -80), (50, -20), (200, -80), (50, -20)), -45, TimeSpan.FromSeconds(10.8));

        Assert.Equal(2, regions.Count);
        Assert.True(regions[0].End < regions[1].Start);
    }

    [Fact]
    public void Speech_with_short_pauses_is_packed_into_one_whisper_window_but_long_silence_is_not()
    {
        // 2 s speech, 1.5 s pause, x5 (about 17 s), then 6 s silence, then speech.
        var runs = Enumerable.Range(0, 5).SelectMany(_ => new[] { (67, -20.0), (50, -80.0) }).Append((200, -80.0)).Append((67, -20.0)).ToArray();

        var regions = SpeechDetector.FromLevels(Levels(runs), -45, TimeSpan.FromSeconds(30));

        Assert.Equal(2, regions.Count);
        Assert.True(regions[0].Duration > TimeSpan.FromSeconds(15), regions[0].ToString());
        Assert.True(regions[1].Start - regions[0].End > SpeechDetector.PackGap);
    }

    [Fact]
    public void Long_speech_is_cut_into_windows_whisper_can_take()
    {
        var levels = Enumerable.Range(0, 3000).Select(i => i % 400 == 399 ? -30.0 : -20.0).ToArray();

        var regions = SpeechDetector.FromLevels(levels, -45, TimeSpan.FromSeconds(90));

        Assert.True(regions.Count >= 4);
        Assert.All(regions, r => Assert.True(r.Duration <= SpeechDetector.MaxRegion, r.ToString()));
        for (var i = 1; i < regions.Count; i++)
        {
            Assert.Equal(regions[i - 1].End, regions[i].Start);
        }
    }

    [Fact]
    public void Real_speech_with_a_silent_gap_gives_two_regions_that_skip_the_gap()
    {
        var speech = TestMedia.Speech(temp.File("tale.wav"), 1, -3, 16000);
        var silence = temp.File("stille.wav");
        TestMedia.Run("sox", "-n", "-r", "16000", "-c", "1", silence, "trim", "0", "8");
        var joined = temp.File("tale stille tale.wav");
        TestMedia.Run("sox", speech, silence, speech, "-b", "16", joined);
        var speechSeconds = double.Parse(TestMedia.Run("soxi", "-D", speech).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var regions = SpeechDetector.Detect(joined, -45);

        Assert.True(regions.Count >= 2, string.Join(", ", regions));
        Assert.DoesNotContain(regions, r => r.Start.TotalSeconds < speechSeconds + 7 && r.End.TotalSeconds > speechSeconds + 1);
    }

    public void Dispose() => temp.Dispose();
}
