using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline.Watch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        if (level.Minimum > LogLevel.Information)
        {
            level.Minimum = LogLevel.Information;
        }

        using var app = factory.Create(settings);
        var queue = WatchCommand.CreateQueue(app);
        var name = settings.Name ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var worker = new QueueWorker(app.Root, queue, app.Ingest, ct => WatchCommand.PublishAsync(app, ct), name,
            TimeSpan.FromSeconds(app.Options.Queue.PollSeconds), TimeProvider.System, app.LoggerFactory.CreateLogger<QueueWorker>());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(worker);
        builder.Services.AddHostedService<WorkerService>();
        builder.Services.AddSystemd();
        using var host = builder.Build();
        console.MarkupLine($"Worker [blue]{Markup.Escape(name)}[/] on queue [blue]{Markup.Escape(app.Options.Queue.Name)}[/], content [blue]{Markup.Escape(app.Root.Path)}[/]. Stop with Ctrl+C or SIGTERM.");
        await host.RunAsync(cancellationToken);
        console.MarkupLine("stopped.");
        return 0;
    }

    private sealed class WorkerService(QueueWorker worker) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await worker.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
