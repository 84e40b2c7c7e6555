using Spectre.Console;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>
/// One progress bar per item on an interactive terminal; on a pipe or in CI, one plain line whenever an item
/// moves to a new step, so logs stay readable.
/// </summary>
internal static class LiveProgress
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<Action<string, string, double>, Task<T>> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var lastStep = new Dictionary<string, string>();
            return await work((item, step, _) =>
            {
                lock (lastStep)
                {
                    if (!lastStep.TryGetValue(item, out var previous) || previous != step)
                    {
                        lastStep[item] = step;
                        console.MarkupLine($"[grey]{Markup.Escape(item)}[/]: {Markup.Escape(step)}");
                    }
                }
            });
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return await work((item, step, fraction) =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(item, out var task))
                        {
                            task = tasks[item] = context.AddTask(item, maxValue: 1);
                        }

                        task.Description = $"{Markup.Escape(Shorten(item))} [grey]{Markup.Escape(step)}[/]";
                        task.Value = Math.Clamp(fraction, 0, 1);
                    }
                });
            });
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..37] + "…" : text;
}
