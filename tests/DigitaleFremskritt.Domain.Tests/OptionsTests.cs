using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Domain.Tests;

public class OptionsTests
{
    [Fact]
    public void TargetFor_uses_the_mono_target_for_one_channel_and_the_stereo_target_otherwise()
    {
        var loudness = new LoudnessOptions();

        Assert.Equal(-19, loudness.TargetFor(1));
        Assert.Equal(-16, loudness.TargetFor(2));
        Assert.Equal(-16, loudness.TargetFor(6));
    }

    [Fact]
    public void TargetFor_follows_configured_targets()
    {
        var loudness = new LoudnessOptions { MonoTargetLufs = -20, StereoTargetLufs = -14 };

        Assert.Equal(-20, loudness.TargetFor(1));
        Assert.Equal(-14, loudness.TargetFor(2));
    }

    [Fact]
    public void GetShow_finds_a_show_case_insensitively()
    {
        var podcast = new ShowOptions { Title = "Digitale Fremskritt" };
        var options = new FremskrittOptions { Shows = { ["podcast"] = podcast } };

        Assert.Same(podcast, options.GetShow("podcast"));
        Assert.Same(podcast, options.GetShow("Podcast"));
    }

    [Fact]
    public void GetShow_for_an_unknown_show_names_it_and_lists_the_configured_ones()
    {
        var options = new FremskrittOptions
        {
            Shows =
            {
                ["podcast"] = new ShowOptions(),
                ["seminar"] = new ShowOptions { Kind = ShowKind.Video },
            },
        };

        var e = Assert.Throws<KeyNotFoundException>(() => options.GetShow("radio"));

        Assert.Equal("unknown show 'radio' (configured shows: podcast, seminar)", e.Message);
    }

    [Fact]
    public void GetShow_with_no_shows_configured_says_so()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => new FremskrittOptions().GetShow("podcast"));

        Assert.Equal("unknown show 'podcast' (configured shows: )", e.Message);
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = new FremskrittOptions();
        var show = new ShowOptions();

        Assert.Equal("podcast", options.DefaultAudioShow);
        Assert.Equal("seminar", options.DefaultVideoShow);
        Assert.Equal(3, options.Ingest.SettleSeconds);
        Assert.Equal(60, options.Ingest.MaxSettleWaitSeconds);
        Assert.Equal(-1, show.Loudness.TruePeakCeilingDbtp);
        Assert.Equal(LoudnessMode.Linear, show.Loudness.Mode);
        Assert.Equal(ShowKind.Audio, show.Kind);
    }
}
