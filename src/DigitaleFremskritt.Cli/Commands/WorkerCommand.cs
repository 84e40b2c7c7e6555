using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline.Watch;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Scale-out worker: take jobs from the queue that `fremskritt watch --queue` fills and run ingest, build and publish for each. Run any number, on other machines too, sharing the content root. Stops gracefully on SIGTERM or Ctrl+C.")]
internal sealed class WorkerCommand(AppContextFactory factory, IAnsiConsole console, LogLevelSwitch level) : AsyncCommand<WorkerCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandOption("--name <NAME>")]
        [Description("This worker's name in the logs (default: host name and process id).")]
        public string? Name { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ServiceHost.ShowStageLines(level);

        using var app = factory.Create(settings);
        var queue = WatchCommand.CreateQueue(app);
        var name = settings.Name ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var worker = new QueueWorker(app.Root, queue, app.Ingest, ct => WatchCommand.PublishAsync(app, ct), name,
            TimeSpan.FromSeconds(app.Options.Queue.PollSeconds), TimeProvider.System, app.LoggerFactory.CreateLogger<QueueWorker>());
        console.MarkupLine($"Worker [blue]{Markup.Escape(name)}[/] on queue [blue]{Markup.Escape(app.Options.Queue.Name)}[/], content [blue]{Markup.Escape(app.Root.Path)}[/]. Stop with Ctrl+C or SIGTERM.");
        await ServiceHost.RunAsync(worker.RunAsync, cancellationToken);
        console.MarkupLine("stopped.");
        return 0;
    }
}
