using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Domain.Tests;

public class RecordingFormatsTests
{
    [Theory]
    [InlineData("intervju.wav")]
    [InlineData("intervju.WAV")]
    [InlineData("a.flac")]
    [InlineData("a.mp3")]
    [InlineData("a.m4a")]
    [InlineData("a.aac")]
    [InlineData("a.ogg")]
    [InlineData("a.opus")]
    [InlineData("seminar.mp4")]
    [InlineData("seminar.MOV")]
    [InlineData("a.mkv")]
    [InlineData("a.webm")]
    [InlineData("/tmp/mappe med mellomrom/blåbær.wav")]
    [InlineData("opptak 2024.03.05.mp3")]
    public void IsRecording_accepts_audio_and_video(string path) => Assert.True(RecordingFormats.IsRecording(path));

    [Theory]
    [InlineData("intervju.yaml")]
    [InlineData("intervju.yml")]
    [InlineData("intervju.md")]
    [InlineData("intervju.wav.part")]
    [InlineData("intervju.mp4.crdownload")]
    [InlineData("notes.txt")]
    [InlineData("cover.jpg")]
    [InlineData("wav")]
    [InlineData("")]
    [InlineData("intervju.wav.error.txt")]
    public void IsRecording_rejects_everything_else(string path) => Assert.False(RecordingFormats.IsRecording(path));

    [Fact]
    public void Sidecar_extensions_are_not_recordings()
    {
        Assert.Equal([".md", ".yaml", ".yml"], RecordingFormats.SidecarExtensions.Order(StringComparer.Ordinal));
        Assert.All(RecordingFormats.SidecarExtensions, e => Assert.False(RecordingFormats.IsRecording("x" + e)));
        Assert.Empty(RecordingFormats.AudioExtensions.Intersect(RecordingFormats.VideoExtensions));
    }
}
