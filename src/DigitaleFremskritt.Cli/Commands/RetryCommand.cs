using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline.Watch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Queue a parked or rejected recording again for the watch service (attempts reset; a rejected one is moved back from ingest/failed/).")]
internal sealed class RetryCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<RetryCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<RECORDING>")]
        [Description("The recording's file name, its episode's slug, or its job key (see `fremskritt status`).")]
        public string Recording { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        using var loop = new WatchLoop(app.Root, app.Options.Watch, app.Ingest, _ => throw new InvalidOperationException("retry does not publish"));
        try
        {
            console.MarkupLine(Markup.Escape(await loop.RetryAsync(settings.Recording, cancellationToken)));
            return 0;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new CliException(e.Message);
        }
    }
}
