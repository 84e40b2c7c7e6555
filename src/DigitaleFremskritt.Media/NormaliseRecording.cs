using System.Globalization;
using DigitaleFremskritt.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Media;

/// <summary>What to normalise and how.</summary>
public sealed record NormaliseRequest(
    string Input,
    string DisplayName,
    ShowOptions Show,
    IngestOptions Limits,
    MediaTags Tags,
    string? CoverArt,
    string WorkFolder);

/// <summary>The finished files (in the work folder) and the QC report describing them.</summary>
public sealed record NormalisedRecording(
    RecordingProbe Probe,
    QcReport Qc,
    string Mp3,
    string TranscriptionWav,
    string Waveform,
    string? Video,
    string? Poster,
    IReadOnlyDictionary<string, double> DurationsSeconds);

public sealed record StageProgress(string Step, double Fraction);

/// <summary>
/// Stage 2: loudness-normalise one recording. Measure once with ebur128, encode MP3 + 16 kHz WAV in one decode,
/// measure the encoded MP3 independently, and correct the gain where encoding moved it out of tolerance.
/// Video gets an MP4 and a poster from the same loudness chain.
/// </summary>
public sealed class NormaliseRecording(FfmpegTool ffmpeg, ILogger<NormaliseRecording>? logger = null)
{
    /// <summary>Encoders overshoot the limiter a little; keep this much headroom below the true-peak ceiling.</summary>
    public const double EncoderHeadroomDb = 0.5;

    /// <summary>Re-encode when the encoded loudness is further than this from target.</summary>
    public const double CorrectionThresholdLu = 0.2;

    public const int MaxEncodePasses = 3;

    /// <summary>
    /// The first measurement reads only the sample peak (3x cheaper); until the true peak arrives, planning assumes
    /// inter-sample peaks up to this much higher.
    /// </summary>
    public const double SamplePeakMarginDb = 1.0;

    /// <summary>Recordings at least this long get an excerpt calibration before the full encode; shorter ones are cheap to re-encode.</summary>
    public static readonly TimeSpan CalibrateFrom = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan CalibrationExcerpt = TimeSpan.FromSeconds(30);

    private readonly ILogger logger = logger ?? NullLogger<NormaliseRecording>.Instance;

    /// <summary>Fails fast, with one message, when ffmpeg or ffprobe cannot run.</summary>
    public Task<string> CheckToolsAsync(CancellationToken cancellationToken = default) => ffmpeg.CheckAvailableAsync(cancellationToken);

    public async Task<RecordingProbe> ProbeAsync(string input, string displayName, CancellationToken cancellationToken = default)
    {
        try
        {
            return RecordingProbe.From(await ffmpeg.ProbeAsync(input, cancellationToken));
        }
        catch (MediaToolException e)
        {
            throw new RecordingRejectedException($"not a readable media file ({e.Reason})", e);
        }
    }

    public async Task<NormalisedRecording> RunAsync(NormaliseRequest request, RecordingProbe? probe = null, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(request.WorkFolder);
        probe ??= await ProbeAsync(request.Input, request.DisplayName, cancellationToken);
        Validate(probe, request.Limits);

        progress?.Report(new StageProgress("measuring loudness", 0));
        var measureRun = await ffmpeg.RunAsync(request.DisplayName, MediaCommands.Measure(request.Input, truePeak: false), probe.Duration, Fraction(progress, "measuring loudness", probe.Duration), cancellationToken);
        var quick = Ebur128.ParseSummaries(measureRun.StandardError).GetValueOrDefault(0)
            ?? throw new RecordingRejectedException("ffmpeg could not measure the loudness of the audio stream");
        CheckDecodedFully(probe, measureRun);

        // Plan with the sample peak plus a margin; the input's true peak is measured on the other core while the
        // encoder runs (encoding is single-threaded), and the report gets the exact value.
        var before = quick with { TruePeakDbtp = quick.TruePeakDbtp + SamplePeakMarginDb };

        var loudness = request.Show.Loudness;
        var channels = probe.Channels == 1 ? 1 : 2;
        var target = loudness.TargetFor(channels);
        if (before.IntegratedLufs <= loudness.SilenceThresholdLufs)
        {
            throw new RecordingRejectedException(Invariant($"the recording is silent (integrated loudness {before.IntegratedLufs:0.0} LUFS); it would need more than {loudness.MaxGainDb:0} dB of gain"));
        }

        var gain = target - before.IntegratedLufs;
        if (gain > loudness.MaxGainDb)
        {
            throw new RecordingRejectedException(Invariant($"the recording is too quiet ({before.IntegratedLufs:0.0} LUFS): it would need +{gain:0.0} dB, more than the allowed +{loudness.MaxGainDb:0} dB"));
        }

        var warnings = new List<string>();
        if (before.RangeLu > loudness.MaxLoudnessRangeLu)
        {
            warnings.Add(Invariant($"very dynamic recording: loudness range {before.RangeLu:0.0} LU is above {loudness.MaxLoudnessRangeLu:0} LU; quiet passages may be hard to hear in a car or on a train (consider Mode = Dynamic for this show)"));
        }

        var (chain, reason) = PlanChain(before, target, loudness);
        var metadataFile = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.ffmeta");
        await File.WriteAllTextAsync(metadataFile, request.Tags.ToFfMetadata(), cancellationToken);
        var mp3 = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.mp3");
        var wav = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.wav");
        var audio = request.Show.Audio;
        var coverArt = request.CoverArt is not null && File.Exists(request.CoverArt) ? request.CoverArt : null;
        if (request.CoverArt is not null && coverArt is null)
        {
            warnings.Add($"cover art '{request.CoverArt}' not found; the MP3 has no picture");
        }

        var bitrate = channels == 1 ? audio.MonoBitrateKbps : audio.StereoBitrateKbps;
        AudioEncodeRequest EncodeRequest(LoudnessChain c) => new(
            request.Input, c, channels, bitrate, audio.SampleRate, audio.TranscriptionSampleRate, metadataFile, coverArt, mp3, wav);

        using var stopTruePeak = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var truePeakRun = ffmpeg.RunAsync(request.DisplayName, MediaCommands.Measure(request.Input, truePeak: true), probe.Duration, null, stopTruePeak.Token);
        EncodeOutcome audioResult;
        try
        {
            if (probe.Duration >= CalibrateFrom && chain.Dynamic is null)
            {
                progress?.Report(new StageProgress("calibrating encoder", 0));
                chain = await CalibrateAsync(request, EncodeRequest(chain), probe.Duration, before, target, cancellationToken);
            }

            audioResult = await EncodeVerifiedAsync(
                request, probe.Duration, "MP3", chain, reason, target, before, loudness,
                (c, pass) => ffmpeg.RunAsync(request.DisplayName, MediaCommands.EncodeAudio(EncodeRequest(c)), probe.Duration,
                    Fraction(progress, pass == 1 ? "encoding MP3 + WAV" : $"re-encoding MP3 + WAV (pass {pass})", probe.Duration), cancellationToken),
                mp3, progress, cancellationToken);
        }
        catch
        {
            // Stop and observe the parallel measurement: no ffmpeg is left running behind a failure or Ctrl+C.
            await stopTruePeak.CancelAsync();
            try
            {
                await truePeakRun;
            }
            catch (Exception e) when (e is OperationCanceledException or MediaToolException)
            {
            }

            throw;
        }

        var qc = new QcReport
        {
            Recording = request.DisplayName,
            Input = new QcInput
            {
                Format = probe.Format,
                AudioCodec = probe.AudioCodec ?? "",
                DurationSeconds = Math.Round(probe.Duration.TotalSeconds, 3),
                Channels = probe.Channels,
                SampleRate = probe.SampleRate,
                VideoCodec = probe.VideoCodec,
                Width = probe.Width,
                Height = probe.Height,
            },
            Target = new QcTarget { IntegratedLufs = target, TruePeakDbtp = loudness.TruePeakCeilingDbtp, ToleranceLu = loudness.ToleranceLu },
            Before = (await InputTruePeakAsync(truePeakRun, quick)).ToLoudness(),
            After = audioResult.After.ToLoudness(),
            GainDb = Math.Round(audioResult.Chain.GainDb, 2),
            Mode = audioResult.Chain.Mode,
            ModeReason = audioResult.Reason,
            EncodePasses = audioResult.Passes.Count,
            Passes = audioResult.Passes,
            Warnings = warnings,
            Tools = ToolVersions.Get(await ffmpeg.CheckAvailableAsync(cancellationToken)),
            CreatedAt = DateTimeOffset.UtcNow,
        };

        string? video = null, poster = null;
        if (probe.HasVideo)
        {
            // The MP4's AAC track is always stereo, so it aims at the stereo target; the first pass encodes the
            // picture, corrections re-encode only the audio and copy the video stream.
            var videoTarget = loudness.StereoTargetLufs;
            video = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.mp4");
            var firstVideo = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.first.mp4");
            var videoChain = audioResult.Chain.Dynamic is { } dynamic
                ? audioResult.Chain with { Dynamic = dynamic with { TargetLufs = videoTarget } }
                : audioResult.Chain with { GainDb = audioResult.Chain.GainDb + (videoTarget - target) };
            var videoResult = await EncodeVerifiedAsync(
                request, probe.Duration, "MP4", videoChain, audioResult.Reason, videoTarget, before, loudness,
                async (c, pass) =>
                {
                    if (pass == 1)
                    {
                        await ffmpeg.RunAsync(request.DisplayName, MediaCommands.EncodeVideo(new VideoEncodeRequest(request.Input, c, request.Show.Video, metadataFile, video)),
                            probe.Duration, Fraction(progress, "encoding MP4", probe.Duration), cancellationToken);
                        File.Copy(video, firstVideo);
                    }
                    else
                    {
                        await ffmpeg.RunAsync(request.DisplayName, MediaCommands.ReplaceVideoAudio(request.Input, firstVideo, c, request.Show.Video, video),
                            probe.Duration, Fraction(progress, $"re-encoding MP4 audio (pass {pass})", probe.Duration), cancellationToken);
                    }
                },
                video, progress, cancellationToken);
            File.Delete(firstVideo);
            qc.AfterVideo = videoResult.After.ToLoudness();
            qc.VideoTarget = new QcTarget { IntegratedLufs = videoTarget, TruePeakDbtp = loudness.TruePeakCeilingDbtp, ToleranceLu = loudness.ToleranceLu };
            qc.VideoPasses = videoResult.Passes;

            poster = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.jpg");
            var at = TimeSpan.FromSeconds(Math.Min(probe.Duration.TotalSeconds / 3, 10));
            await RunEncoderAsync(request, MediaCommands.Poster(request.Input, at, request.Show.Video.MaxHeight, poster), TimeSpan.FromSeconds(10), null, cancellationToken);
        }

        File.Delete(metadataFile);
        progress?.Report(new StageProgress("computing waveform", 0.99));
        var waveformPath = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.json");
        var waveform = ComputeWaveform.FromWav(wav, audio.WaveformBuckets, cancellationToken);
        await ComputeWaveform.WriteJsonAsync(waveform, waveformPath, cancellationToken);

        qc.Passed = Within(qc.After, qc.Target) && (qc.AfterVideo is null || Within(qc.AfterVideo, qc.VideoTarget!));
        if (!qc.Passed)
        {
            warnings.Add(Invariant($"loudness outside target after {MaxEncodePasses} passes"));
        }

        progress?.Report(new StageProgress("checking outputs", 1));
        var durations = new Dictionary<string, double>();
        foreach (var output in new[] { mp3, wav, video }.OfType<string>())
        {
            var outputProbe = RecordingProbe.From(await ffmpeg.ProbeAsync(output, cancellationToken));
            durations[output] = Math.Round((outputProbe.AudioDuration > TimeSpan.Zero ? outputProbe.AudioDuration : outputProbe.Duration).TotalSeconds, 3);
        }

        progress?.Report(new StageProgress("done", 1));
        return new NormalisedRecording(probe, qc, mp3, wav, waveformPath, video, poster, durations);
    }

    /// <summary>
    /// Encode, measure the encoded file independently with ebur128, and correct the chain until the result is within
    /// <see cref="CorrectionThresholdLu"/> of target and under the true-peak ceiling (at most <see cref="MaxEncodePasses"/>).
    /// </summary>
    private async Task<EncodeOutcome> EncodeVerifiedAsync(
        NormaliseRequest request, TimeSpan duration, string label, LoudnessChain chain, string? reason, double target, Ebur128Summary before,
        LoudnessOptions loudness, Func<LoudnessChain, int, Task> encode, string output, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var passes = new List<QcPass>();
        while (true)
        {
            try
            {
                await encode(chain, passes.Count + 1);
            }
            catch (MediaToolException e)
            {
                // The original decoded fully while it was measured, so a failing encoder is the set-up's fault.
                throw new MediaEnvironmentException($"{request.DisplayName}: ffmpeg failed while encoding the {label} ({e.Reason}); the recording itself decoded fine, so check the show's encoder settings and ffmpeg", e);
            }

            var verify = await ffmpeg.RunAsync(request.DisplayName, MediaCommands.Measure(output), duration, Fraction(progress, $"verifying {label} loudness", duration), cancellationToken);
            var after = Ebur128.ParseSummaries(verify.StandardError).GetValueOrDefault(0)
                ?? throw new MediaEnvironmentException($"{request.DisplayName}: ebur128 could not measure the encoded {label}");
            passes.Add(new QcPass { GainDb = Math.Round(chain.GainDb, 2), LimitDbfs = chain.LimitDbfs is { } l ? Math.Round(l, 2) : null, IntegratedLufs = after.IntegratedLufs, TruePeakDbtp = after.TruePeakDbtp });
            var error = target - after.IntegratedLufs;
            var overPeak = after.TruePeakDbtp - loudness.TruePeakCeilingDbtp;
            if ((Math.Abs(error) <= CorrectionThresholdLu && overPeak <= 0) || passes.Count >= MaxEncodePasses)
            {
                return new EncodeOutcome(chain, reason, after, passes);
            }

            logger.LogDebug("{File}: {Label} pass {Pass} gave {Lufs} LUFS / {Peak} dBTP, correcting", request.DisplayName, label, passes.Count, after.IntegratedLufs, after.TruePeakDbtp);
            (chain, reason) = Correct(chain, reason, before, error, overPeak, loudness);
        }
    }

    /// <summary>The input's loudness with its true peak from the parallel measurement.</summary>
    private static async Task<Ebur128Summary> InputTruePeakAsync(Task<FfmpegRun> truePeakRun, Ebur128Summary quick)
    {
        var measured = Ebur128.ParseSummaries((await truePeakRun).StandardError).GetValueOrDefault(0);
        return measured is null ? quick : quick with { TruePeakDbtp = measured.TruePeakDbtp };
    }

    private sealed record EncodeOutcome(LoudnessChain Chain, string? Reason, Ebur128Summary After, List<QcPass> Passes);

    private async Task<FfmpegRun> RunEncoderAsync(NormaliseRequest request, FFMpegCore.FFMpegArgumentProcessor command, TimeSpan duration, IProgress<TimeSpan>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await ffmpeg.RunAsync(request.DisplayName, command, duration, progress, cancellationToken);
        }
        catch (MediaToolException e)
        {
            throw new MediaEnvironmentException($"{request.DisplayName}: ffmpeg failed ({e.Reason}); the recording itself decoded fine, so check the show's settings and ffmpeg", e);
        }
    }

    /// <summary>
    /// Encodes a 30 s excerpt from the middle through the planned chain and measures how much loudness the limiter
    /// and the MP3 encoder take away (LAME at 128 kbit/s loses about 0.4-0.5 LU), then adds that to the gain so the
    /// full encode lands on target in one pass. The full result is still measured afterwards.
    /// </summary>
    private async Task<LoudnessChain> CalibrateAsync(NormaliseRequest request, AudioEncodeRequest encode, TimeSpan duration, Ebur128Summary before, double target, CancellationToken cancellationToken)
    {
        var start = (duration - CalibrationExcerpt) / 2;
        var raw = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.calibration.wav");
        var mp3 = Path.Combine(request.WorkFolder, $"{Guid.NewGuid():N}.calibration.mp3");
        try
        {
            await RunEncoderAsync(request, MediaCommands.CalibrationExcerpt(encode with { Mp3Output = mp3 }, start, CalibrationExcerpt, raw), CalibrationExcerpt, null, cancellationToken);
            var measured = Ebur128.ParseSummaries((await RunEncoderAsync(request, MediaCommands.MeasureMany([raw, mp3]), CalibrationExcerpt, null, cancellationToken)).StandardError);
            if (!measured.TryGetValue(0, out var excerpt) || !measured.TryGetValue(1, out var encoded) || excerpt.IntegratedLufs <= -69)
            {
                return encode.Chain;
            }

            var predicted = before.IntegratedLufs + (encoded.IntegratedLufs - excerpt.IntegratedLufs);
            var correction = Math.Clamp(target - predicted, -3, 3);
            logger.LogDebug("{File}: calibration predicts {Predicted:0.00} LUFS, correcting gain by {Correction:+0.00;-0.00} dB", request.DisplayName, predicted, correction);
            return encode.Chain with { GainDb = encode.Chain.GainDb + correction };
        }
        finally
        {
            File.Delete(raw);
            File.Delete(mp3);
        }
    }

    /// <summary>The first chain: plain gain, a limiter where the gain would push true peak over the ceiling, or dynamic loudnorm.</summary>
    public static (LoudnessChain Chain, string? Reason) PlanChain(Ebur128Summary measured, double target, LoudnessOptions loudness)
    {
        var gain = target - measured.IntegratedLufs;
        if (loudness.Mode == LoudnessMode.Dynamic)
        {
            return (new LoudnessChain(0, null,
                new DynamicLoudnorm(target, loudness.TruePeakCeilingDbtp - EncoderHeadroomDb, loudness.MaxLoudnessRangeLu, measured)),
                "show configured for dynamic loudness normalisation (loudnorm linear=false)");
        }

        var peakAfterGain = measured.TruePeakDbtp + gain;
        if (peakAfterGain > loudness.TruePeakCeilingDbtp - EncoderHeadroomDb)
        {
            return (new LoudnessChain(gain, loudness.TruePeakCeilingDbtp - EncoderHeadroomDb),
                Invariant($"peak {measured.TruePeakDbtp:0.0} dBTP + gain {gain:+0.0;-0.0} dB would reach {peakAfterGain:0.0} dBTP, over the {loudness.TruePeakCeilingDbtp:0.0} dBTP ceiling: limiter applied"));
        }

        return (new LoudnessChain(gain), null);
    }

    /// <summary>Adjusts the chain after measuring the encoded file.</summary>
    public static (LoudnessChain Chain, string? Reason) Correct(LoudnessChain chain, string? reason, Ebur128Summary measured, double loudnessError, double overPeak, LoudnessOptions loudness)
    {
        var gain = chain.GainDb + loudnessError;
        var limit = chain.LimitDbfs;
        if (overPeak > 0 || measured.TruePeakDbtp + gain > loudness.TruePeakCeilingDbtp - EncoderHeadroomDb)
        {
            limit = Math.Min(limit ?? loudness.TruePeakCeilingDbtp - EncoderHeadroomDb, loudness.TruePeakCeilingDbtp - EncoderHeadroomDb) - Math.Max(0, overPeak);
            reason ??= Invariant($"encoded true peak reached {loudness.TruePeakCeilingDbtp + overPeak:0.0} dBTP: limiter applied");
        }

        return (chain with { GainDb = gain, LimitDbfs = limit }, reason);
    }

    private static bool Within(Loudness measured, QcTarget target) =>
        Math.Abs(measured.IntegratedLufs - target.IntegratedLufs) <= target.ToleranceLu && measured.TruePeakDbtp <= target.TruePeakDbtp;

    private static void Validate(RecordingProbe probe, IngestOptions limits)
    {
        if (!probe.HasAudio)
        {
            throw new RecordingRejectedException(probe.HasVideo ? "the video has no audio stream" : "no audio stream found");
        }

        if (probe.Duration < TimeSpan.FromSeconds(limits.MinDurationSeconds))
        {
            throw new RecordingRejectedException(Invariant($"the recording is {probe.Duration.TotalSeconds:0.0} s long; the minimum is {limits.MinDurationSeconds:0.#} s"));
        }

        if (probe.Duration > TimeSpan.FromMinutes(limits.MaxDurationMinutes))
        {
            throw new RecordingRejectedException(Invariant($"the recording is {probe.Duration.TotalMinutes:0} min long; the maximum is {limits.MaxDurationMinutes:0} min (Ingest:MaxDurationMinutes)"));
        }
    }

    /// <summary>
    /// Compares what decoded with what the audio stream declares. A video's container may be longer than its audio
    /// (e.g. cut with -shortest), so without a declared audio duration only decode errors count for video.
    /// </summary>
    private static void CheckDecodedFully(RecordingProbe probe, FfmpegRun run)
    {
        var decoded = run.DecodedTime ?? TimeSpan.Zero;
        var declared = probe.AudioDuration > TimeSpan.Zero ? probe.AudioDuration : probe.HasVideo ? (TimeSpan?)null : probe.Duration;
        if (declared is { } expected && expected - decoded > TimeSpan.FromSeconds(0.5) && decoded < expected * 0.97)
        {
            throw new RecordingRejectedException(Invariant($"the file is truncated or corrupt: it declares {expected.TotalSeconds:0.0} s but only {decoded.TotalSeconds:0.0} s could be decoded"));
        }

        if (declared is null && FfmpegTool.CountDecodeErrors(run.StandardError) > 0 && decoded < probe.Duration * 0.5)
        {
            throw new RecordingRejectedException(Invariant($"the file is truncated or corrupt: decoding stopped with errors after {decoded.TotalSeconds:0.0} of {probe.Duration.TotalSeconds:0.0} s"));
        }
    }

    private static InlineProgress<TimeSpan>? Fraction(IProgress<StageProgress>? progress, string step, TimeSpan duration) =>
        progress is null
            ? null
            : new InlineProgress<TimeSpan>(t => progress.Report(new StageProgress(step, duration > TimeSpan.Zero ? Math.Clamp(t / duration, 0, 1) : 0)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
