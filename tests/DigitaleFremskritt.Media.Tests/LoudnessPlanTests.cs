using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;

namespace DigitaleFremskritt.Media.Tests;

/// <summary>The decisions between linear gain, limiter and dynamic mode: none may pass unnoticed.</summary>
public class LoudnessPlanTests
{
    private readonly LoudnessOptions options = new();

    [Fact]
    public void Linear_gain_when_the_peak_stays_under_the_ceiling()
    {
        var (chain, reason) = NormaliseRecording.PlanChain(new Ebur128Summary(-24, -34, 6, -12), -16, options);

        Assert.Equal(8, chain.GainDb, 3);
        Assert.Null(chain.LimitDbfs);
        Assert.Equal("linear", chain.Mode);
        Assert.Null(reason);
    }

    [Fact]
    public void Limiter_when_the_gain_would_push_true_peak_over_the_ceiling_and_the_reason_is_recorded()
    {
        var (chain, reason) = NormaliseRecording.PlanChain(new Ebur128Summary(-21, -31, 3, -0.5), -16, options);

        Assert.Equal(5, chain.GainDb, 3);
        Assert.Equal(-1.5, chain.LimitDbfs);
        Assert.Equal("linear+limiter", chain.Mode);
        Assert.Contains("limiter", reason);
        Assert.Contains("4.5 dBTP", reason);
    }

    [Fact]
    public void Dynamic_mode_only_when_the_show_asks_for_it()
    {
        var (chain, reason) = NormaliseRecording.PlanChain(new Ebur128Summary(-30, -40, 20, -10), -16, new LoudnessOptions { Mode = LoudnessMode.Dynamic });

        Assert.Equal("dynamic", chain.Mode);
        Assert.NotNull(chain.Dynamic);
        Assert.Contains("dynamic", reason);
    }

    [Fact]
    public void Correction_adds_the_measured_error_to_the_gain()
    {
        var (chain, _) = NormaliseRecording.Correct(new LoudnessChain(8), null, new Ebur128Summary(-24, -34, 6, -12), 0.6, -2, options);

        Assert.Equal(8.6, chain.GainDb, 3);
        Assert.Null(chain.LimitDbfs);
    }

    [Fact]
    public void Correction_lowers_the_limit_by_the_overshoot()
    {
        var (chain, reason) = NormaliseRecording.Correct(new LoudnessChain(5, -1.5), "first", new Ebur128Summary(-21, -31, 3, -0.5), 0.1, 0.3, options);

        Assert.Equal(-1.8, chain.LimitDbfs!.Value, 3);
        Assert.Equal("first", reason);
    }
}
