using System.ComponentModel;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Build the public tree: one RSS feed per show (plus audio-only feeds for video shows), transcripts, chapters and cover art, in the output folder.")]
internal sealed class BuildCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<BuildCommand.Settings>
{
    internal class Settings : CommonSettings
    {
        [CommandOption("-o|--output <DIR>")]
        [Description("Output folder (default: <content>/out). It is cleaned of files the build no longer produces.")]
        public string? Output { get; init; }

        [CommandOption("--base-url <URL>")]
        [Description("Public URL the output is served from; feeds and pages link to it (default: Build:BaseUrl, the Azure container, or http://localhost:8080/).")]
        public string? BaseUrl { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings, Overrides(settings));
        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        var result = await app.CreateBuild().RunAsync(cancellationToken: cancellationToken);
        Report(console, result);
        return 0;
    }

    public static Dictionary<string, string?> Overrides(Settings settings)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.Output is not null)
        {
            overrides["Build:OutputFolder"] = Path.GetFullPath(settings.Output);
        }

        if (settings.BaseUrl is not null)
        {
            overrides["Build:BaseUrl"] = settings.BaseUrl;
        }

        return overrides;
    }

    public static void Report(IAnsiConsole console, BuildResult result)
    {
        foreach (var skipped in result.Skipped)
        {
            console.MarkupLine($"[yellow]skipped[/] {Markup.Escape(skipped.Episode)}: {Markup.Escape(skipped.Reason)}");
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("feed").AddColumn("episodes").AddColumn("URL");
        foreach (var feed in result.Feeds)
        {
            table.AddRow(Markup.Escape(feed.Title), feed.Items.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(feed.Url));
        }

        console.Write(table);
        foreach (var timing in result.Timings)
        {
            console.MarkupLine($"[grey]{Markup.Escape(timing.Step)}: {timing.Files} files in {timing.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s[/]");
        }

        console.MarkupLine($"Built [green]{result.Feeds.Count}[/] feeds with [green]{result.Episodes.Count}[/] episodes into [blue]{Markup.Escape(result.OutputFolder)}[/]"
            + (result.Removed.Count > 0 ? $" (removed {result.Removed.Count} stale files)" : "") + ".");
    }
}
