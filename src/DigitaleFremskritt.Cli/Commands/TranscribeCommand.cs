using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Transcribe episodes with Whisper: every episode without a transcript, or the ones named. Producers' transcripts are never overwritten.")]
internal sealed class TranscribeCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<TranscribeCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[EPISODE]")]
        [Description("Episode slugs; none means every episode whose transcript is missing or pending.")]
        public string[] Episodes { get; init; } = [];

        [CommandOption("--force")]
        [Description("Transcribe again even where a machine transcript exists (a human one is still kept).")]
        public bool Force { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        if (app.Transcription.MissingModelMessage is { } missing)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(missing)}");
            return 1;
        }

        var episodes = settings.Episodes.Length == 0
            ? app.Episodes.LoadAll(invalid => console.MarkupLine($"[yellow]warn[/]: {Markup.Escape(invalid)} (skipped)")).ToList()
            : settings.Episodes.Select(slug => app.Episodes.FindBySlug(slug) ?? throw new CliException($"{slug}: no such episode in {app.Root.Path}")).ToList();
        if (episodes.Count == 0)
        {
            console.MarkupLine("No episodes yet: run [bold]fremskritt ingest[/] first.");
            return 0;
        }

        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        console.MarkupLine($"Model: [blue]{Markup.Escape(app.Transcription.ModelPath!)}[/]");
        var transcriber = app.Transcription.GetTranscriber();
        var failures = 0;
        var outcomes = await LiveProgress.RunAsync(console, async report =>
        {
            var results = new List<TranscribeOutcome>();
            foreach (var episode in episodes)
            {
                var progress = new InlineProgress<TranscribeProgress>(p => report(p.Episode,
                    $"{Timecode.Format(p.Done)} / {Timecode.Format(p.Total)}, {Timecode.Format(p.Total - p.Done)} left",
                    p.Total > TimeSpan.Zero ? p.Done / p.Total : 0));
                try
                {
                    results.Add(await app.Transcribe.RunAsync(episode, transcriber, settings.Force, progress, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken episode (a damaged WAV, a full disk) must not stop the others.
                    results.Add(new TranscribeOutcome(episode.Slug, TranscribeStatus.Pending, $"FAILED: {e.Message.Split('\n')[0]}"));
                    failures++;
                }
            }

            return results;
        });

        foreach (var outcome in outcomes)
        {
            var colour = outcome.Status is TranscribeStatus.Transcribed or TranscribeStatus.Imported ? "green" : "grey";
            console.MarkupLine($"[{colour}]{outcome.Status.ToString().ToLowerInvariant()}[/] {Markup.Escape(outcome.Episode)}: {Markup.Escape(outcome.Message)}");
        }

        return failures == 0 ? 0 : 1;
    }
}
