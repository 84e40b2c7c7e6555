using System.Diagnostics;
using System.Text;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>`dotnet fremskritt.dll watch` in its own process group, its output collected line by line.</summary>
internal sealed class WatchProcess : IDisposable
{
    /// <summary>The tests that run services one at a time: each keeps both cores busy, and their kill points are timed.</summary>
    public const string Collection = "watch processes";

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<string> lines = [];
    private readonly Task reading;

    private WatchProcess(Process process)
    {
        this.process = process;
        reading = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static WatchProcess Start(string content, string published, params string[] extra) => Start("watch", content, published, ["--rescan", "1", .. extra]);

    /// <summary>Any long-running command (watch, worker) with the tests' settings.</summary>
    public static WatchProcess Start(string command, string content, string published, string[] extra, string? whisperModel = null)
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "dotnet", Path.Combine(AppContext.BaseDirectory, "fremskritt.dll"), command, "--content", content,
            "--set", "Ingest:SettleSeconds=0", "--set", "Watch:DebounceSeconds=0.2", "--set", "Build:Search=false",
            "--set", "Build:PublishWithoutTranscript=true", "--set", "Publish:Target=Local", "--set", $"Publish:Local:Folder={published}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in extra)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WHISPER_MODEL"] = whisperModel ?? "";
        info.Environment["GGML_NO_BACKTRACE"] = "1";
        return new WatchProcess(Process.Start(info)!);
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
                lines.Add(line);
            }
        }
    }

    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            lock (output)
            {
                if (lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            await Task.Delay(20);
        }

        return false;
    }

    public async Task<bool> WaitForLineCountAsync(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            lock (output)
            {
                if (lines.Count(l => l.Contains(text, StringComparison.Ordinal)) >= count)
                {
                    return true;
                }
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The service's peak resident memory so far (VmHWM of /proc/PID/status), in MiB.</summary>
    public double PeakMemoryMiB()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>
    /// SIGKILL (to the process and everything it started) the moment <paramref name="condition"/> holds: a tight poll
    /// on a thread of its own, so a short stage (publishing a few small files) is still caught in the middle.
    /// </summary>
    public Task<bool> KillWhenAsync(Func<bool> condition, TimeSpan timeout) => Task.Factory.StartNew(
        () =>
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                if (condition())
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    return true;
                }

                Thread.Sleep(1);
            }

            return false;
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    /// <summary>SIGKILL to the whole process group: the CLI and the ffmpeg it runs die at once, mid-write.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            TestMedia.Run("kill", "-KILL", "--", $"-{process.Id}");
        }

        process.WaitForExit();
    }

    public async Task StopAsync()
    {
        TestMedia.Run("kill", "-TERM", "--", $"-{process.Id}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await reading;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
