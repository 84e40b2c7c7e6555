using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Media;

/// <summary>
/// Runs ffmpeg and ffprobe through FFMpegCore with per-instance options (no global state), a timeout,
/// cancellation, and errors that name the file, the command and what ffmpeg said.
/// </summary>
public sealed partial class FfmpegTool(ToolOptions options)
{
    private readonly FFOptions ffOptions = new()
    {
        BinaryFolder = options.FFmpegFolder ?? "",
        TemporaryFilesFolder = Path.GetTempPath(),
    };

    public async Task<IMediaAnalysis> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        // FFProbe quotes the path without escaping it; a path with a double quote goes through a safe symlink.
        string? link = null;
        if (path.Contains('"', StringComparison.Ordinal) && File.Exists(path))
        {
            link = Path.Combine(Path.GetTempPath(), $"fremskritt-probe-{Guid.NewGuid():N}{Path.GetExtension(path).Replace("\"", "", StringComparison.Ordinal)}");
            File.CreateSymbolicLink(link, Path.GetFullPath(path));
        }

        try
        {
            return await FFProbe.AnalyseAsync(link ?? path, ffOptions, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (IsToolMissing(e))
            {
                throw new MediaEnvironmentException($"ffprobe cannot be started ({e.Message.Split('\n')[0]}); install ffmpeg or set Tools:FFmpegFolder", e);
            }

            throw new MediaToolException(path, "ffprobe", "ffprobe: " + ProbeReason(e.Message, link ?? path), e);
        }
        finally
        {
            if (link is not null)
            {
                File.Delete(link);
            }
        }
    }

    /// <summary>
    /// Checks once that ffmpeg and ffprobe start, so a missing tool stops the run with one clear message instead of
    /// blaming every recording.
    /// </summary>
    public async Task<string> CheckAvailableAsync(CancellationToken cancellationToken = default) =>
        version ??= await ReadVersionAsync(cancellationToken);

    private string? version;

    private async Task<string> ReadVersionAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.FFmpegFolder) && !Directory.Exists(options.FFmpegFolder))
        {
            throw new MediaEnvironmentException($"Tools:FFmpegFolder '{options.FFmpegFolder}' does not exist");
        }

        var found = "";
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var binary = string.IsNullOrEmpty(options.FFmpegFolder) ? tool : Path.Combine(options.FFmpegFolder, tool);
            try
            {
                using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(binary, "-hide_banner -version")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                }) ?? throw new MediaEnvironmentException($"{tool} cannot be started");
                var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    throw new MediaEnvironmentException($"{binary} -version failed with exit code {process.ExitCode}");
                }

                if (tool == "ffmpeg")
                {
                    found = output.Split('\n')[0].Split(' ').ElementAtOrDefault(2) ?? "";
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new MediaEnvironmentException($"{binary} not found ({e.Message}); install ffmpeg (scripts/setup.sh) or set Tools:FFmpegFolder", e);
            }
        }

        return found;
    }

    private static bool IsToolMissing(Exception e) =>
        e is System.ComponentModel.Win32Exception || e.InnerException is System.ComponentModel.Win32Exception
        || e.Message.Contains("was not found on your system", StringComparison.Ordinal);

    /// <summary>
    /// Runs one ffmpeg command. Progress reports the media time processed so far. Returns stderr lines;
    /// a non-zero exit becomes a <see cref="MediaToolException"/>.
    /// </summary>
    public async Task<FfmpegRun> RunAsync(
        string subject,
        FFMpegArgumentProcessor processor,
        TimeSpan mediaDuration,
        IProgress<TimeSpan>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeoutFor(mediaDuration));
        var lines = new List<string>();
        processor = processor
            .CancellableThrough(timeout.Token, TimeSpan.FromSeconds(5))
            .NotifyOnStandardError(line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            });
        if (progress is not null)
        {
            processor = processor.NotifyOnProgress(progress.Report);
        }

        FFMpegResult result;
        try
        {
            result = await processor.ProcessAsynchronously(throwOnError: false, ffOptions, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaToolException(subject, processor.Arguments, $"timed out after {TimeoutFor(mediaDuration).TotalMinutes:0.#} min");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (ReceivedSignal(lines))
        {
            // Ctrl+C in a terminal signals the whole process group: ffmpeg may exit before our handler runs.
            throw new OperationCanceledException($"ffmpeg was interrupted by a signal while processing {subject}");
        }

        if (result.Cancelled && timeout.IsCancellationRequested)
        {
            throw new MediaToolException(subject, processor.Arguments, $"timed out after {TimeoutFor(mediaDuration).TotalMinutes:0.#} min");
        }

        if (result.ExitCode != 0)
        {
            throw new MediaToolException(subject, processor.Arguments, LastErrorLine(lines) ?? $"exit code {result.ExitCode}")
            {
                StandardErrorTail = string.Join('\n', lines.TakeLast(20)),
            };
        }

        return new FfmpegRun(lines, LastProgressTime(lines));
    }

    public TimeSpan TimeoutFor(TimeSpan mediaDuration) =>
        TimeSpan.FromMinutes(1 + (mediaDuration.TotalMinutes * options.TimeoutPerMediaMinute));

    /// <summary>The media time of ffmpeg's last "time=" status, i.e. how much it actually decoded.</summary>
    public static TimeSpan? LastProgressTime(IEnumerable<string> stderr)
    {
        TimeSpan? last = null;
        foreach (var line in stderr)
        {
            foreach (Match match in ProgressTime().Matches(line))
            {
                last = TimeSpan.FromHours(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
                    + TimeSpan.FromMinutes(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
                    + TimeSpan.FromSeconds(double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            }
        }

        return last;
    }

    public static string? LastErrorLine(IReadOnlyList<string> stderr) =>
        stderr.Select(l => l.Trim()).LastOrDefault(l =>
            l.Length > 0 && !l.StartsWith("size=", StringComparison.Ordinal) && !l.StartsWith("frame=", StringComparison.Ordinal)
            && !l.StartsWith("video:", StringComparison.Ordinal) && !l.Contains("time=", StringComparison.Ordinal)
            && !l.StartsWith("Conversion failed", StringComparison.Ordinal));

    /// <summary>ffmpeg prints "Exiting normally, received signal 2." (or 15) when SIGINT or SIGTERM stopped it.</summary>
    public static bool ReceivedSignal(IEnumerable<string> stderr) =>
        stderr.Any(l => l.Contains("received signal", StringComparison.Ordinal));

    public static int CountDecodeErrors(IEnumerable<string> stderr) =>
        stderr.Count(l => l.Contains("Error while decoding", StringComparison.Ordinal)
            || l.Contains("Invalid data found", StringComparison.Ordinal)
            || l.Contains("corrupt", StringComparison.OrdinalIgnoreCase));

    /// <summary>ffprobe's own last word, without the path it repeats (which would name our archive, not the producer's file).</summary>
    public static string ProbeReason(string message, string path)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.LastOrDefault(l => l.Contains(':', StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? message;
        var prefix = path + ": ";
        var start = last.IndexOf(prefix, StringComparison.Ordinal);
        var reason = start >= 0 ? last[(start + prefix.Length)..] : last;
        // FFMpegCore wraps ffprobe's words as "(1 - path: reason)": drop the unbalanced closing parenthesis.
        return reason.EndsWith(')') && reason.Count(c => c == ')') > reason.Count(c => c == '(') ? reason[..^1] : reason;
    }

    [GeneratedRegex(@"time=\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")]
    private static partial Regex ProgressTime();
}

public sealed record FfmpegRun(IReadOnlyList<string> StandardError, TimeSpan? DecodedTime);

/// <summary>ffmpeg or ffprobe failed on a file.</summary>
public sealed class MediaToolException(string file, string command, string reason, Exception? inner = null)
    : Exception($"{file}: {reason}", inner)
{
    public string File { get; } = file;

    public string Command { get; } = command;

    public string Reason { get; } = reason;

    /// <summary>The last lines ffmpeg printed, for --verbose and bug reports.</summary>
    public string StandardErrorTail { get; init; } = "";
}

/// <summary>The machine or the configuration is at fault, not the recording: the run stops and recordings stay where they are.</summary>
public sealed class MediaEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The recording cannot become an episode; <see cref="Exception.Message"/> says why, in one line.</summary>
public sealed class RecordingRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
