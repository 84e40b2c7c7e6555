using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Pipeline.Watch;
using DigitaleFremskritt.Publish;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Run as a service: watch <content>/ingest/ and take every dropped recording through ingest, build and publish, unattended. Stops gracefully on SIGTERM (systemd) or Ctrl+C.")]
internal sealed class WatchCommand(AppContextFactory factory, IAnsiConsole console, LogLevelSwitch level) : AsyncCommand<WatchCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandOption("--queue")]
        [Description("Scale-out: only archive each recording and put a job on the Azure Storage queue (Queue:*); `fremskritt worker` processes take the jobs.")]
        public bool Queue { get; init; }

        [CommandOption("--rescan <SECONDS>")]
        [Description("Seconds between full rescans of the ingest folder; the file watcher alone misses events (default: Watch:RescanSeconds, 30).")]
        public double? Rescan { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.Rescan is { } rescan)
        {
            overrides["Watch:RescanSeconds"] = rescan.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        ServiceHost.ShowStageLines(level);

        using var app = factory.Create(settings, overrides);
        var queue = settings.Queue ? CreateQueue(app) : null;
        var logger = app.LoggerFactory.CreateLogger<WatchLoop>();
        using var loop = new WatchLoop(app.Root, app.Options.Watch, app.Ingest, ct => PublishAsync(app, ct), TimeProvider.System, logger, queue,
            ct => FinishPendingTranscriptsAsync(app, logger, ct));
        console.MarkupLine(queue is null
            ? $"Watching [blue]{Markup.Escape(app.Root.Ingest)}[/]; publishing to [blue]{Markup.Escape(app.Redactor.Redact(app.CreateTarget().Description))}[/]. Stop with Ctrl+C or SIGTERM."
            : $"Watching [blue]{Markup.Escape(app.Root.Ingest)}[/]; archiving and enqueuing on [blue]{Markup.Escape(app.Options.Queue.Name)}[/] for `fremskritt worker`. Stop with Ctrl+C or SIGTERM.");
        await ServiceHost.RunAsync(loop.RunAsync, cancellationToken);
        console.MarkupLine("stopped.");
        return 0;
    }

    /// <summary>Transcribes episodes left "transcript pending" (a crash during transcription), when a model is available.</summary>
    private static async Task FinishPendingTranscriptsAsync(PipelineContext app, ILogger logger, CancellationToken cancellationToken)
    {
        if (app.Transcription.MissingModelMessage is not null)
        {
            return;
        }

        var pending = app.Episodes.LoadAll().Where(e => e.State == DigitaleFremskritt.Domain.EpisodeState.TranscriptPending).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        var transcriber = app.Transcription.GetTranscriber();
        foreach (var episode in pending)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = await app.Transcribe.RunAsync(episode, transcriber!, force: false, progress: null, cancellationToken);
            logger.LogInformation("{Episode}: transcribe {Status} in {Seconds:0.0} s (left pending by an interrupted run)", episode.Slug,
                outcome.Status.ToString().ToLowerInvariant(), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The job queue of Queue:*, on Queue:ConnectionString or else the publish target's connection string.</summary>
    public static JobQueue CreateQueue(PipelineContext app)
    {
        var connection = app.Options.Queue.ConnectionString ?? app.Options.Publish.Azure.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new CliException("the queue needs an Azure Storage account: set Queue:ConnectionString (or Publish:Azure:ConnectionString), e.g. FREMSKRITT_Queue__ConnectionString");
        }

        try
        {
            return new JobQueue(connection, app.Options.Queue);
        }
        catch (FormatException)
        {
            throw new CliException("Queue:ConnectionString is not a valid Azure Storage connection string");
        }
    }

    /// <summary>The build and publish stages as `fremskritt publish` runs them, under the content root's lock.</summary>
    internal static async Task<PublishCycle> PublishAsync(PipelineContext app, CancellationToken cancellationToken)
    {
        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        var target = app.CreateTarget();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var build = await app.CreateBuild(target).RunAsync(cancellationToken: cancellationToken);
        var built = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (build.Errors.FirstOrDefault() is { } error)
        {
            throw new InvalidOperationException($"{build.Errors.Count()} episode(s) cannot be built, e.g. {error.Episode}: {error.Reason}; publishing would drop them from the live feeds");
        }

        var publisher = new PublishOutput(target, app.Options.Publish.FileConcurrency, new Md5Cache(Path.Combine(app.Root.MediaStore, ".md5-cache.json")),
            app.Redactor, app.LoggerFactory.CreateLogger<PublishOutput>());
        var plan = await publisher.PlanAsync(build, cancellationToken);
        var report = await publisher.RunAsync(plan, dryRun: false, prune: null, progress: null, cancellationToken);
        return new PublishCycle(build.Episodes.Select(e => e.Slug).ToHashSet(StringComparer.Ordinal), report.Uploads.Count)
        {
            BuildElapsed = built,
            UploadElapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started) - built,
        };
    }
}
