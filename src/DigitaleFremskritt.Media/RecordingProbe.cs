using FFMpegCore;

namespace DigitaleFremskritt.Media;

/// <summary>What ffprobe says about a recording, reduced to what the pipeline needs.</summary>
public sealed record RecordingProbe(
    string Format,
    TimeSpan Duration,
    string? AudioCodec,
    int Channels,
    int SampleRate,
    string? VideoCodec,
    int? Width,
    int? Height,
    TimeSpan AudioDuration = default)
{
    public bool HasAudio => AudioCodec is not null;

    /// <summary>True for a real picture track; cover art embedded in an MP3 or M4A does not count.</summary>
    public bool HasVideo => VideoCodec is not null;

    public static RecordingProbe From(IMediaAnalysis analysis)
    {
        var audio = analysis.PrimaryAudioStream;
        var video = analysis.VideoStreams.FirstOrDefault(v => !IsAttachedPicture(v));
        var duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration : analysis.Duration;
        return new RecordingProbe(
            analysis.Format.FormatName ?? "",
            duration,
            audio?.CodecName,
            audio?.Channels ?? 0,
            audio?.SampleRateHz ?? 0,
            video?.CodecName,
            video?.Width,
            video?.Height,
            audio?.Duration ?? TimeSpan.Zero);
    }

    private static bool IsAttachedPicture(VideoStream stream) =>
        (stream.Disposition is not null && stream.Disposition.TryGetValue("attached_pic", out var attached) && attached)
        || (stream.Duration == TimeSpan.Zero && stream.CodecName is "mjpeg" or "png" or "bmp" or "gif");
}
