using DigitaleFremskritt.Publish;
using Spectre.Console;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>
/// Upload progress: on a terminal, one bar for the whole publish (bytes) plus a bar for each large file while it
/// uploads; on a pipe or in CI, one line per finished file.
/// </summary>
internal static class UploadProgress
{
    private const long LargeFile = 8L << 20;

    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<IProgress<PublishProgress>, Task<T>> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return await work(new SyncProgress(p =>
            {
                if (p.Completed)
                {
                    console.MarkupLine($"[grey]uploaded[/] {Markup.Escape(p.Name)} ({PublishCommandSize(p.BytesTotal)})");
                }
            }));
        }

        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var gate = new Lock();
                var total = context.AddTask("publishing", maxValue: 1);
                var done = new Dictionary<string, long>();
                var bars = new Dictionary<string, ProgressTask>();
                long sent = 0, expected = 0;
                return await work(new SyncProgress(p =>
                {
                    lock (gate)
                    {
                        if (!done.TryGetValue(p.Name, out var before))
                        {
                            expected += p.BytesTotal;
                            before = 0;
                        }

                        sent += p.BytesDone - before;
                        done[p.Name] = p.BytesDone;
                        total.MaxValue = Math.Max(1, expected);
                        total.Value = sent;
                        if (p.BytesTotal >= LargeFile)
                        {
                            if (!bars.TryGetValue(p.Name, out var bar))
                            {
                                bar = bars[p.Name] = context.AddTask(Markup.Escape(Path.GetFileName(p.Name)), maxValue: p.BytesTotal);
                            }

                            bar.Value = p.BytesDone;
                            if (p.Completed)
                            {
                                bar.StopTask();
                            }
                        }
                    }
                }));
            });
    }

    private static string PublishCommandSize(long bytes) => Commands.PublishCommand.Size(bytes);

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SyncProgress(Action<PublishProgress> report) : IProgress<PublishProgress>
    {
        public void Report(PublishProgress value) => report(value);
    }
}
