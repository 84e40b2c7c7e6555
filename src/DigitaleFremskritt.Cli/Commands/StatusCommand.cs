using System.ComponentModel;
using System.Globalization;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline.Watch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("List the recordings the watch service has seen, by state: queued, ingested, published, rejected, parked (with attempts and the last error).")]
internal sealed class StatusCommand(AppContextFactory factory, IAnsiConsole console) : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        var jobs = new JobStore(app.Root).All();
        if (jobs.Count == 0)
        {
            console.MarkupLine($"No recordings seen yet by `fremskritt watch` in [blue]{Markup.Escape(app.Root.Ingest)}[/].");
            return 0;
        }

        foreach (var group in jobs.GroupBy(j => j.Stage).OrderBy(g => g.Key))
        {
            var table = new Table().Title($"{group.Key.ToString().ToLowerInvariant()} ({group.Count()})").AddColumns("recording", "episode", "attempts", "updated (UTC)", "note");
            foreach (var job in group)
            {
                var note = job.Stage == JobStage.Published && job.PublishedAt is { } at
                    ? $"live {(at - job.FirstSeenAt).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s after the drop"
                    : job.LastError ?? (job.NextAttemptAt is { } next ? $"next try {next:HH:mm:ss}" : "");
                table.AddRow(Markup.Escape(job.File), Markup.Escape(job.Episode ?? "-"), job.Attempts.ToString(CultureInfo.InvariantCulture),
                    job.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(note));
            }

            console.Write(table);
        }

        var parked = jobs.Count(j => j.Stage == JobStage.Parked);
        if (parked > 0)
        {
            console.MarkupLine($"[red]{parked} parked[/]: fix the cause, then `fremskritt retry <recording or episode>`.");
        }

        return 0;
    }
}
