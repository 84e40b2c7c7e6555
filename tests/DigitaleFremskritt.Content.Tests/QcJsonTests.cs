using System.Text.Json;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content.Tests;

public class QcJsonTests
{
    public static QcReport Report() => new()
    {
        Recording = "Opptak æøå.wav",
        Input = new QcInput { Format = "wav", AudioCodec = "pcm_s16le", DurationSeconds = 3725.5, Channels = 1, SampleRate = 48000 },
        Target = new QcTarget { IntegratedLufs = -19, TruePeakDbtp = -1, ToleranceLu = 0.5 },
        Before = new Loudness { IntegratedLufs = -27.3, RangeLu = 8.1, TruePeakDbtp = -9.2 },
        After = new Loudness { IntegratedLufs = -19.1, RangeLu = 7.9, TruePeakDbtp = -1.4 },
        GainDb = 8.2,
        Mode = "linear+limiter",
        ModeReason = "gain would clip: limiter ved −1 dBTP",
        EncodePasses = 2,
        Outputs = [new QcOutput { Kind = "audio", Path = "media/ab/abcd.mp3", Bytes = 44_000_000, DurationSeconds = 3725.5 }],
        Tools = new Dictionary<string, string> { ["ffmpeg"] = "7.1", ["FFMpegCore"] = "6.0.0" },
        Warnings = ["Opptaket er svært dynamisk (LRA 16 LU)"],
        Passed = true,
        CreatedAt = new DateTimeOffset(2024, 3, 6, 14, 15, 16, 123, TimeSpan.FromHours(1)),
    };

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var report = Report();

        var read = QcJson.Deserialize(QcJson.Serialize(report));

        Assert.Equal("Opptak æøå.wav", read.Recording);
        Assert.Equal((report.Input.Format, report.Input.AudioCodec, report.Input.DurationSeconds, report.Input.Channels, report.Input.SampleRate),
            (read.Input.Format, read.Input.AudioCodec, read.Input.DurationSeconds, read.Input.Channels, read.Input.SampleRate));
        Assert.Null(read.Input.VideoCodec);
        Assert.Null(read.Input.Width);
        Assert.Equal((-19.0, -1.0, 0.5), (read.Target.IntegratedLufs, read.Target.TruePeakDbtp, read.Target.ToleranceLu));
        Assert.Equal((-27.3, 8.1, -9.2), (read.Before.IntegratedLufs, read.Before.RangeLu, read.Before.TruePeakDbtp));
        Assert.Equal((-19.1, 7.9, -1.4), (read.After.IntegratedLufs, read.After.RangeLu, read.After.TruePeakDbtp));
        Assert.Null(read.AfterVideo);
        Assert.Equal(8.2, read.GainDb);
        Assert.Equal("linear+limiter", read.Mode);
        Assert.Equal(report.ModeReason, read.ModeReason);
        Assert.Equal(2, read.EncodePasses);
        var output = Assert.Single(read.Outputs);
        Assert.Equal(("audio", "media/ab/abcd.mp3", 44_000_000L, 3725.5), (output.Kind, output.Path, output.Bytes, output.DurationSeconds));
        Assert.Equal(report.Tools, read.Tools);
        Assert.Equal(report.Warnings, read.Warnings);
        Assert.True(read.Passed);
        Assert.Equal(report.CreatedAt, read.CreatedAt);
        Assert.Equal(TimeSpan.FromHours(1), read.CreatedAt.Offset);
    }

    [Fact]
    public void Json_is_indented_camel_case_without_nulls_and_keeps_norwegian_letters()
    {
        var json = QcJson.Serialize(Report());

        Assert.Contains("\n  \"recording\": \"Opptak æøå.wav\"", json, StringComparison.Ordinal);
        Assert.Contains("\"integratedLufs\": -19.1", json, StringComparison.Ordinal);
        Assert.Contains("\"ffmpeg\": \"7.1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"FFMpegCore\": \"6.0.0\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("afterVideo", json, StringComparison.Ordinal);
        Assert.DoesNotContain("videoCodec", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_fields_round_trip_when_present()
    {
        var report = Report();
        report.Input.VideoCodec = "h264";
        report.Input.Width = 1920;
        report.Input.Height = 1080;
        report.AfterVideo = new Loudness { IntegratedLufs = -16.2, RangeLu = 5, TruePeakDbtp = -1.1 };

        var read = QcJson.Deserialize(QcJson.Serialize(report));

        Assert.Equal(("h264", 1920, 1080), (read.Input.VideoCodec, read.Input.Width, read.Input.Height));
        Assert.Equal(-16.2, read.AfterVideo?.IntegratedLufs);
    }

    [Fact]
    public void Deserialize_reads_camel_case_keys()
    {
        var read = QcJson.Deserialize("""{ "recording": "a.wav", "gainDb": 3.5, "passed": false, "warnings": ["x"] }""");

        Assert.Equal("a.wav", read.Recording);
        Assert.Equal(3.5, read.GainDb);
        Assert.False(read.Passed);
        Assert.Equal(["x"], read.Warnings);
    }

    [Fact]
    public void Deserialize_of_broken_json_throws() =>
        Assert.ThrowsAny<JsonException>(() => QcJson.Deserialize("{ \"recording\": "));
}
