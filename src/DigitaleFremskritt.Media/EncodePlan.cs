using System.Globalization;
using System.Text;
using DigitaleFremskritt.Domain;
using FFMpegCore;

namespace DigitaleFremskritt.Media;

/// <summary>How the loudness of a recording is changed: an optional dynamic loudnorm, a linear gain, an optional limiter.</summary>
public sealed record LoudnessChain(double GainDb, double? LimitDbfs = null, DynamicLoudnorm? Dynamic = null)
{
    /// <summary>Rate the limiter runs at: 4x oversampling makes a sample-peak limiter behave like a true-peak one.</summary>
    public const int LimiterRate = 176400;

    public string Mode => Dynamic is not null ? "dynamic" : LimitDbfs is not null ? "linear+limiter" : "linear";

    public string ToFilter(int outputRate)
    {
        if (Dynamic is { } d)
        {
            // loudnorm brings its own true-peak limiter; corrections move its targets. (ffmpeg 5.1 fails format
            // negotiation when more filters follow loudnorm's 192 kHz output in a split graph.)
            var target = d.TargetLufs + GainDb;
            var peak = LimitDbfs ?? d.TruePeakDbtp;
            return Invariant($"loudnorm=I={target:0.0#}:TP={peak:0.0#}:LRA={d.RangeLu:0.0#}:measured_I={d.Measured.IntegratedLufs:0.0#}:measured_TP={d.Measured.TruePeakDbtp:0.0#}:measured_LRA={d.Measured.RangeLu:0.0#}:measured_thresh={d.Measured.ThresholdLufs:0.0#}:linear=false:print_format=none,aresample={outputRate}");
        }

        var parts = new List<string> { Invariant($"volume={GainDb:0.00}dB") };
        if (LimitDbfs is { } limit)
        {
            var linear = Math.Pow(10, limit / 20);
            parts.Add(Invariant($"aresample={LimiterRate}"));
            parts.Add(Invariant($"alimiter=limit={linear:0.0000}:attack=5:release=50:level=false"));
            parts.Add(Invariant($"aresample={outputRate}"));
        }

        return string.Join(',', parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

public sealed record DynamicLoudnorm(double TargetLufs, double TruePeakDbtp, double RangeLu, Ebur128Summary Measured);

/// <summary>Tags written into the MP3 (ID3v2.3) and the MP4.</summary>
public sealed record MediaTags(string Title, string Show, string? Author, DateOnly Date, string? Comment = null)
{
    /// <summary>ffmpeg's FFMETADATA1 format; the escaping keeps any title from breaking the file.</summary>
    public string ToFfMetadata()
    {
        var builder = new StringBuilder(";FFMETADATA1\n");
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                builder.Append(key).Append('=').Append(Escape(value)).Append('\n');
            }
        }

        Add("title", Title);
        Add("album", Show);
        Add("artist", string.IsNullOrWhiteSpace(Author) ? Show : Author);
        Add("album_artist", Show);
        Add("genre", "Podcast");
        Add("date", Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("comment", Comment);
        return builder.ToString();
    }

    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '=' or ';' or '#' or '\\' or '\n')
            {
                builder.Append('\\');
            }

            if (!char.IsControl(c) || c == '\n')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>
/// Typed ffmpeg commands for the normalise stage, built on FFMpegCore. Each method returns the processor
/// without running it, so the argument strings are unit-tested.
/// </summary>
public static class MediaCommands
{
    /// <summary>Decode once, measure the first audio stream with ebur128 (true peak on).</summary>
    public static FFMpegArgumentProcessor Measure(string input, bool truePeak = true) =>
        FFMpegArguments
            .FromFileInput(Path(input), verifyExists: false)
            .OutputToNull(o => o.WithCustomArgument($"-map 0:a:0 -af {Ebur128.Filter(truePeak)} -f null"));

    /// <summary>Measure several files in one ffmpeg call: instance i of ebur128 measures file i.</summary>
    public static FFMpegArgumentProcessor MeasureMany(IReadOnlyList<string> inputs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Count);
        var arguments = FFMpegArguments.FromFileInput(Path(inputs[0]), verifyExists: false);
        foreach (var input in inputs.Skip(1))
        {
            arguments = arguments.AddFileInput(Path(input), verifyExists: false);
        }

        var graph = string.Join(';', inputs.Select((_, i) => $"[{i}:a:0]{Ebur128.Filter()}[m{i}]"));
        return arguments.OutputToMany(many =>
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var index = i;
                many.OutputToNull(o => o.WithCustomArgument(index == 0
                    ? $"-filter_complex \"{graph}\" -map \"[m0]\" -f null"
                    : $"-map \"[m{index}]\" -f null"));
            }
        });
    }

    /// <summary>
    /// One decode feeding both audio outputs: the podcast MP3 (with ID3 tags and cover art) and the 16 kHz mono WAV
    /// for speech recognition.
    /// </summary>
    public static FFMpegArgumentProcessor EncodeAudio(AudioEncodeRequest request)
    {
        var arguments = FFMpegArguments.FromFileInput(Path(request.Input), verifyExists: false);
        var next = 1;
        int? coverIndex = null;
        if (request.CoverArt is not null)
        {
            arguments = arguments.AddFileInput(Path(request.CoverArt), verifyExists: false);
            coverIndex = next++;
        }

        var metadataIndex = next;
        arguments = arguments.AddFileInput(Path(request.MetadataFile), verifyExists: false, o => o.WithCustomArgument("-f ffmetadata"));

        // Pin the layout before the split: inputs without a channel layout (sox WAVs) otherwise make the
        // dynamic chain fail format negotiation when ffmpeg reconfigures the graph on the first frame.
        var layout = request.Channels == 1 ? "mono" : "stereo";
        var chain = request.Chain.ToFilter(request.SampleRate);
        var graph = $"[0:a:0]aformat=channel_layouts={layout},{chain},asplit=2[mp3][asr]";
        var cover = coverIndex is { } c
            ? $" -map {c}:v:0 -c:v copy -disposition:v:0 attached_pic"
            : "";
        var mp3 = Invariant($"-filter_complex \"{graph}\" -map \"[mp3]\"{cover} -map_metadata {metadataIndex} -c:a libmp3lame -b:a {request.BitrateKbps}k -ar {request.SampleRate} -ac {request.Channels} -id3v2_version 3 -write_id3v1 0 -f mp3");
        var wav = Invariant($"-map \"[asr]\" -map_metadata -1 -c:a pcm_s16le -ar {request.TranscriptionSampleRate} -ac 1 -f wav");
        return arguments.OutputToMany(many => many
            .OutputToFile(Path(request.Mp3Output), overwrite: true, o => o.WithCustomArgument(mp3))
            .OutputToFile(Path(request.WavOutput), overwrite: true, o => o.WithCustomArgument(wav)));
    }

    /// <summary>
    /// An excerpt, once untouched (float WAV) and once through the chain and the MP3 encoder, so the loudness the
    /// limiter and the encoder take away can be measured before the full encode.
    /// </summary>
    public static FFMpegArgumentProcessor CalibrationExcerpt(AudioEncodeRequest request, TimeSpan start, TimeSpan duration, string rawOutput)
    {
        var layout = request.Channels == 1 ? "mono" : "stereo";
        var graph = $"[0:a:0]aformat=channel_layouts={layout},asplit=2[raw][c];[c]{request.Chain.ToFilter(request.SampleRate)}[mp3]";
        var mp3 = Invariant($"-filter_complex \"{graph}\" -map \"[mp3]\" -c:a libmp3lame -b:a {request.BitrateKbps}k -ar {request.SampleRate} -ac {request.Channels} -f mp3");
        return FFMpegArguments
            .FromFileInput(Path(request.Input), verifyExists: false, o => o.WithStartTime(start).WithDuration(duration))
            .OutputToMany(many => many
                .OutputToFile(Path(request.Mp3Output), overwrite: true, o => o.WithCustomArgument(mp3))
                .OutputToFile(Path(rawOutput), overwrite: true, o => o.WithCustomArgument("-map \"[raw]\" -c:a pcm_f32le -f wav")));
    }

    /// <summary>H.264/AAC MP4 with faststart, at most <see cref="VideoEncodingOptions.MaxHeight"/> lines, same loudness chain.</summary>
    public static FFMpegArgumentProcessor EncodeVideo(VideoEncodeRequest request)
    {
        var v = request.Video;
        var chain = request.Chain.ToFilter(48000);
        var graph = Invariant($"[0:v:0]scale=w=-2:h='2*trunc(min(ih,{v.MaxHeight})/2)',format=yuv420p[v];[0:a:0]aformat=channel_layouts=stereo,{chain}[a]");
        var options = Invariant($"-filter_complex \"{graph}\" -map \"[v]\" -map \"[a]\" -map_metadata 1 -c:v libx264 -preset {v.Preset} -crf {v.Crf} -c:a aac -b:a {v.AudioBitrateKbps}k -ar 48000 -ac 2 -movflags +faststart -f mp4");
        return FFMpegArguments
            .FromFileInput(Path(request.Input), verifyExists: false)
            .AddFileInput(Path(request.MetadataFile), verifyExists: false, o => o.WithCustomArgument("-f ffmetadata"))
            .OutputToFile(Path(request.Output), overwrite: true, o => o.WithCustomArgument(options));
    }

    /// <summary>A loudness correction for an MP4: the video stream is copied from the first encode, only the audio is encoded again.</summary>
    public static FFMpegArgumentProcessor ReplaceVideoAudio(string original, string encodedVideo, LoudnessChain chain, VideoEncodingOptions video, string output)
    {
        var graph = $"[0:a:0]aformat=channel_layouts=stereo,{chain.ToFilter(48000)}[a]";
        var options = Invariant($"-filter_complex \"{graph}\" -map 1:v:0 -map \"[a]\" -map_metadata 1 -c:v copy -c:a aac -b:a {video.AudioBitrateKbps}k -ar 48000 -ac 2 -movflags +faststart -f mp4");
        return FFMpegArguments
            .FromFileInput(Path(original), verifyExists: false)
            .AddFileInput(Path(encodedVideo), verifyExists: false)
            .OutputToFile(Path(output), overwrite: true, o => o.WithCustomArgument(options));
    }

    /// <summary>A poster frame as JPEG, at most <paramref name="maxHeight"/> lines.</summary>
    public static FFMpegArgumentProcessor Poster(string input, TimeSpan at, int maxHeight, string output) =>
        FFMpegArguments
            .FromFileInput(Path(input), verifyExists: false, o => o.WithStartTime(at))
            .OutputToFile(Path(output), overwrite: true, o => o.WithCustomArgument(
                Invariant($"-map 0:v:0 -frames:v 1 -vf \"scale=w=-2:h='2*trunc(min(ih,{maxHeight})/2)'\" -q:v 3 -f image2 -c:v mjpeg")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>FFMpegCore wraps paths in double quotes without escaping them: escape quotes (and the backslashes before them).</summary>
    public static string Path(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, "(\\\\*)(\"|$)", m => m.Groups[1].Value + m.Groups[1].Value + (m.Groups[2].Value.Length > 0 ? "\\\"" : ""));
}

public sealed record AudioEncodeRequest(
    string Input,
    LoudnessChain Chain,
    int Channels,
    int BitrateKbps,
    int SampleRate,
    int TranscriptionSampleRate,
    string MetadataFile,
    string? CoverArt,
    string Mp3Output,
    string WavOutput);

public sealed record VideoEncodeRequest(string Input, LoudnessChain Chain, VideoEncodingOptions Video, string MetadataFile, string Output);
