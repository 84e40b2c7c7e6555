using DigitaleFremskritt.Media;

namespace DigitaleFremskritt.Build.Feeds;

/// <summary>A show's cover art, checked against Apple's rules: square JPEG or PNG, RGB, 1400–3000 px.</summary>
public sealed record CoverArt(string Path, string ContentType, int Width, int Height)
{
    public const int MinSize = 1400;
    public const int MaxSize = 3000;

    /// <summary>Probes the image with ffprobe and throws a <see cref="FeedBuildException"/> naming the file and the rule it breaks.</summary>
    public static async Task<CoverArt> CheckAsync(FfmpegTool ffmpeg, string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FeedBuildException($"{path}: cover art not found");
        }

        FFMpegCore.IMediaAnalysis analysis;
        try
        {
            analysis = await ffmpeg.ProbeAsync(path, cancellationToken);
        }
        catch (MediaToolException e)
        {
            throw new FeedBuildException($"{path}: cover art is not a readable image ({e.Reason})");
        }

        var image = analysis.PrimaryVideoStream ?? throw new FeedBuildException($"{path}: cover art is not an image");
        var contentType = image.CodecName switch
        {
            "mjpeg" => "image/jpeg",
            "png" => "image/png",
            _ => throw new FeedBuildException($"{path}: cover art must be JPEG or PNG, not {image.CodecName}"),
        };
        var pixelFormat = image.PixelFormat ?? "";
        if (pixelFormat.StartsWith("gray", StringComparison.Ordinal) || pixelFormat.StartsWith("ya", StringComparison.Ordinal) || pixelFormat.Contains("cmyk", StringComparison.Ordinal))
        {
            throw new FeedBuildException($"{path}: cover art must be in RGB colour, not {pixelFormat}");
        }

        if (image.Width is not { } width || image.Height is not { } height || width != height)
        {
            throw new FeedBuildException($"{path}: cover art must be square, not {image.Width}×{image.Height} px");
        }

        if (image.Width is < MinSize or > MaxSize)
        {
            throw new FeedBuildException($"{path}: cover art must be {MinSize}–{MaxSize} px square, not {image.Width}×{image.Height} px");
        }

        return new CoverArt(path, contentType, image.Width ?? 0, image.Height ?? 0);
    }
}
