using System.ComponentModel;
using System.Globalization;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Publish;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Build, then upload what changed to the publish target (local folder or Azure Blob Storage): media first, feeds last.")]
internal sealed class PublishCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<PublishCommand.Settings>
{
    internal sealed class Settings : BuildCommand.Settings
    {
        [CommandOption("-n|--dry-run")]
        [Description("List what would be uploaded (and with --prune deleted); change nothing, not even the output folder (the build goes to a temporary one).")]
        public bool DryRun { get; init; }

        [CommandOption("--prune")]
        [Description("After the feeds, delete public blobs the build no longer produces (never those of episodes that are only held back: scheduled, transcript pending).")]
        public bool Prune { get; init; }

        [CommandOption("--force")]
        [Description("Publish even though some episode.yaml cannot be read or names an unknown show; those episodes then drop out of the live feeds.")]
        public bool Force { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("Files uploaded at the same time (default: Publish:FileConcurrency, 4).")]
        public int? Concurrency { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var overrides = BuildCommand.Overrides(settings);
        if (settings.Concurrency is { } n)
        {
            overrides["Publish:FileConcurrency"] = n.ToString(CultureInfo.InvariantCulture);
        }

        using var dryRunOutput = settings.DryRun ? new ScratchFolder(overrides) : null;
        using var app = factory.Create(settings, overrides);
        using var contentLock = DigitaleFremskritt.Content.ContentLock.Acquire(app.Root);
        var target = app.CreateTarget();
        var build = await app.CreateBuild(target).RunAsync(cancellationToken: cancellationToken);
        BuildCommand.Report(console, build);
        if (build.Errors.Any() && !settings.Force)
        {
            console.MarkupLine($"[red]error[/]: {build.Errors.Count()} episode(s) above cannot be built; publishing now would drop them from the live feeds. Fix them, or pass --force.");
            return 1;
        }

        var report = await Run(console, app, target, build, settings.DryRun, settings.Prune ? name => !build.IsProtected(name) : null, cancellationToken);
        return report is null ? 1 : 0;
    }

    /// <summary>A dry run builds into a temporary folder, so even the output folder stays as it was.</summary>
    internal sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder(IDictionary<string, string?> overrides)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fremskritt-dry-run-{Guid.NewGuid():N}");
            overrides["Build:OutputFolder"] = Path;
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>Plans and runs one publish with progress; prints the outcome. Shared with unpublish.</summary>
    public static async Task<PublishReport?> Run(IAnsiConsole console, PipelineContext app, Publish.Targets.IPublishTarget target, Build.BuildResult build,
        bool dryRun, Func<string, bool>? prune, CancellationToken cancellationToken)
    {
        var redactor = app.Redactor;
        var publisher = new PublishOutput(target, app.Options.Publish.FileConcurrency, new Md5Cache(Path.Combine(app.Root.MediaStore, ".md5-cache.json")),
            redactor, app.LoggerFactory.CreateLogger<PublishOutput>());
        console.MarkupLine($"{(dryRun ? "Dry run against" : "Publishing to")} [blue]{Markup.Escape(redactor.Redact(target.Description))}[/]");
        var plan = await publisher.PlanAsync(build, cancellationToken);
        var report = await UploadProgress.RunAsync(console, progress => publisher.RunAsync(plan, dryRun, prune, progress, cancellationToken));
        if (dryRun)
        {
            foreach (var upload in report.Uploads)
            {
                console.MarkupLine($"would upload [blue]{Markup.Escape(upload.Container)}/{Markup.Escape(upload.Name)}[/] ({Size(upload.Bytes)}, {upload.Reason})");
            }

            foreach (var name in report.Deletes)
            {
                console.MarkupLine($"would delete [yellow]{Markup.Escape(name)}[/]");
            }
        }

        console.MarkupLine(
            $"{(dryRun ? "Would upload" : "Uploaded")} [green]{report.Uploads.Count}[/] files ({Size(report.UploadedBytes)}), {report.Unchanged} unchanged"
            + (report.Deletes.Count > 0 ? $", {(dryRun ? "would delete" : "deleted")} {report.Deletes.Count}" : "")
            + $", in {report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        if (report.StaleLeft > 0)
        {
            console.MarkupLine($"[grey]{report.StaleLeft} published files are no longer in the build and were left in place (publish --prune removes them).[/]");
        }

        return report;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
