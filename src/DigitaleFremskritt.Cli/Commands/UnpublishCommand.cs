using System.ComponentModel;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Publish;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Take an episode off the feeds and the published site: the feeds are republished without it first, then its files are deleted. The episode folder and the original stay.")]
internal sealed class UnpublishCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<UnpublishCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<EPISODE>")]
        [Description("The episode's slug (its folder name).")]
        public string Episode { get; init; } = "";

        [CommandOption("-n|--dry-run")]
        [Description("Show what would change; change nothing (the build goes to a temporary folder).")]
        public bool DryRun { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        using var dryRunOutput = settings.DryRun ? new PublishCommand.ScratchFolder(overrides) : null;
        using var app = factory.Create(settings, overrides);
        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        var episode = app.Episodes.FindBySlug(settings.Episode) ?? throw new CliException($"{settings.Episode}: no such episode in {app.Root.Path}");
        var target = app.CreateTarget();
        if (!settings.DryRun)
        {
            episode.Unpublished = true;
            await app.Episodes.SaveAsync(episode, cancellationToken);
        }

        var build = await app.CreateBuild(target).RunAsync(e => e.Id == episode.Id, cancellationToken);

        // Only this episode's files: its folder, and media no episode still in the build uses.
        var still = new HashSet<string>(build.Media.Select(m => m.Name), StringComparer.Ordinal);
        var own = new HashSet<string>(
            new[] { episode.Media.Audio, episode.Media.Video, episode.Media.Poster, episode.Media.Waveform }
                .Where(m => m is not null && !still.Contains(m.Path)).Select(m => m!.Path),
            StringComparer.Ordinal);
        var folder = PublicLayout.EpisodeFolder(episode.Slug);
        PublishReport? report;
        try
        {
            report = await PublishCommand.Run(console, app, target, build, settings.DryRun,
                name => own.Contains(name) || name.StartsWith(folder, StringComparison.Ordinal), cancellationToken);
        }
        catch (Exception) when (!settings.DryRun)
        {
            console.MarkupLine($"[yellow]note[/]: {Markup.Escape(episode.Slug)}/episode.yaml already says [bold]unpublished: true[/]; run this command again to finish taking it down.");
            throw;
        }
        if (report is not null && !settings.DryRun)
        {
            console.MarkupLine($"[green]unpublished[/] {Markup.Escape(episode.Slug)}: set [bold]unpublished: false[/] in its episode.yaml and publish to bring it back.");
        }

        return 0;
    }
}
