using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Show the QC report of episodes (all, or the slugs given).")]
internal sealed class QcCommand(AppContextFactory factory, IAnsiConsole console) : Command<QcCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[EPISODE]")]
        [Description("Episode slugs; none means every episode.")]
        public string[] Episodes { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        var episodes = settings.Episodes.Length == 0
            ? app.Episodes.LoadAll().ToList()
            : settings.Episodes.Select(slug => app.Episodes.FindBySlug(slug) ?? throw new CliException($"{slug}: no such episode in {app.Root.Path}")).ToList();
        if (episodes.Count == 0)
        {
            console.MarkupLine($"No episodes in [blue]{Markup.Escape(app.Root.Path)}[/] yet: run [bold]fremskritt ingest[/].");
            return 0;
        }

        var failed = 0;
        foreach (var episode in episodes)
        {
            if (app.Episodes.LoadQc(episode) is { } qc)
            {
                console.Write(QcTable.Render($"{episode.Slug}: {episode.Title}", qc));
                failed += qc.Passed ? 0 : 1;
            }
            else
            {
                console.MarkupLine($"[yellow]{Markup.Escape(episode.Slug)}[/]: no qc.json");
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
