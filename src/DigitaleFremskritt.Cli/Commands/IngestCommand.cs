using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Process every recording in <content>/ingest/: archive, normalise, and make an episode of it. Exits non-zero if any recording failed.")]
internal sealed class IngestCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<IngestCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandOption("--settle <SECONDS>")]
        [Description("Seconds a file's size and modification time must stay unchanged before it is picked up (default: Ingest:SettleSeconds, 3).")]
        public double? Settle { get; init; }

        [CommandOption("--no-qc-table")]
        [Description("Do not print the QC table of each new episode.")]
        public bool NoQcTable { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.Settle is { } settle)
        {
            overrides["Ingest:SettleSeconds"] = settle.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var app = factory.Create(settings, overrides);
        console.MarkupLine($"Ingest folder: [blue]{Markup.Escape(app.Root.Ingest)}[/]");
        var outcomes = await LiveProgress.RunAsync(console, report =>
            app.Ingest.RunAsync(new InlineReport(report), cancellationToken));

        if (outcomes.Count == 0)
        {
            console.MarkupLine("Nothing to ingest: drop recordings (wav, flac, mp3, m4a, aac, ogg, opus, mp4, mov, mkv, webm) into the ingest folder.");
            return 0;
        }

        foreach (var outcome in outcomes)
        {
            var (label, colour) = outcome.Status switch
            {
                IngestStatus.Ingested => ("ingested", "green"),
                IngestStatus.Duplicate => ("duplicate", "blue"),
                IngestStatus.NotSettled => ("waiting", "yellow"),
                IngestStatus.QcFailed => ("QC FAILED", "red"),
                _ => ("FAILED", "red"),
            };
            console.MarkupLine($"[{colour}]{label}[/] {Markup.Escape(outcome.File)}: {Markup.Escape(outcome.Message)}");
        }

        if (!settings.NoQcTable)
        {
            foreach (var outcome in outcomes.Where(o => o.Qc is not null && o.Status is IngestStatus.Ingested or IngestStatus.QcFailed))
            {
                console.Write(QcTable.Render($"{outcome.Episode!.Slug} ({outcome.File})", outcome.Qc!));
            }
        }

        var pending = outcomes.Count(o => o.TranscriptPending);
        if (pending > 0)
        {
            console.MarkupLine($"[yellow]{pending} episode(s) wait for a transcript.[/] {Markup.Escape(app.Transcription.MissingModelMessage ?? "Run `fremskritt transcribe` to try again.")}");
        }

        var failed = outcomes.Count(o => o.Status == IngestStatus.Failed);
        var qcFailed = outcomes.Count(o => o.Status == IngestStatus.QcFailed);
        if (failed > 0)
        {
            console.MarkupLine($"[red]{failed} recording(s) failed[/]; they are in [blue]{Markup.Escape(app.Root.Failed)}[/] with a .error.txt each.");
        }

        if (qcFailed > 0)
        {
            console.MarkupLine($"[red]{qcFailed} episode(s) failed QC[/]: see their qc.json (fremskritt qc).");
        }

        return failed + qcFailed > 0 ? 1 : 0;
    }

    private sealed class InlineReport(Action<string, string, double> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value.File, value.Step, value.Fraction);
    }
}
