using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("List the Whisper models fremskritt knows and which are downloaded.")]
internal sealed class ModelsListCommand(AppContextFactory factory, IAnsiConsole console) : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Model").AddColumn("Downloaded").AddColumn("Description");
        foreach (var entry in ModelList.Build(app.Transcription.Models))
        {
            var state = entry.Downloaded ? $"{entry.Bytes / 1048576.0:0} MiB  {entry.Path}"
                : entry.PartialBytes is { } partial ? $"partly ({partial / 1048576.0:0} MiB; run download again to resume)" : "no";
            table.AddRow(Markup.Escape(entry.Name), Markup.Escape(state), Markup.Escape(entry.Description ?? ""));
        }

        console.Write(table);
        console.MarkupLine($"Models folder: [blue]{Markup.Escape(app.Transcription.Models.ModelsFolder)}[/]");
        console.MarkupLine(app.Transcription.MissingModelMessage is { } missing
            ? $"[yellow]{Markup.Escape(missing)}[/]"
            : $"Transcribing with: [green]{Markup.Escape(app.Transcription.ModelPath!)}[/]");
        return 0;
    }
}

[Description("Download a Whisper model by name (resumes an interrupted download, checks it, and renames it into place).")]
internal sealed class ModelsDownloadCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<ModelsDownloadCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A model name from `fremskritt models list`, e.g. base, small, large-v3-turbo, nb-whisper-small.")]
        public string Name { get; init; } = "";

        [CommandOption("--url <URL>")]
        [Description("Download from this address instead of the catalog's (e.g. an internal mirror).")]
        public string? Url { get; init; }

        [CommandOption("--sha256 <HEX>")]
        [Description("Expected SHA-256 of the file.")]
        public string? Sha256 { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        var models = app.Transcription.Models;
        if (!ModelCatalog.IsValidName(settings.Name))
        {
            throw new CliException($"'{settings.Name}' is not a model name (use letters, digits, '-', '.')");
        }

        var source = models.Catalog.TryGetValue(settings.Name, out var known) ? known : null;
        if (settings.Url is not null)
        {
            source = new ModelSource { Url = settings.Url, Sha256 = settings.Sha256 ?? source?.Sha256 };
        }

        if (source is null)
        {
            throw new CliException($"unknown model '{settings.Name}' (known: {string.Join(", ", models.Catalog.Keys)}); give --url to download another");
        }

        var destination = models.PathFor(settings.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var downloader = new ModelDownloader(http);
        var result = await LiveProgress.RunAsync(console, report => downloader.DownloadAsync(settings.Name, source, destination,
            new InlineProgress<DownloadProgress>(p => report(settings.Name,
                p.TotalBytes is { } total ? $"{p.BytesDone / 1048576.0:0} / {total / 1048576.0:0} MiB, {p.BytesPerSecond / 1048576.0:0.0} MiB/s" : $"{p.BytesDone / 1048576.0:0} MiB",
                p.TotalBytes is { } t && t > 0 ? (double)p.BytesDone / t : 0)),
            cancellationToken));
        console.MarkupLine($"[green]downloaded[/] {Markup.Escape(result.Name)} to {Markup.Escape(result.Path)} ({result.Bytes / 1048576.0:0.0} MiB, SHA-256 {result.Sha256[..12]}…{(result.ChecksumVerified ? ", checksum verified" : "")})");
        return 0;
    }
}

[Description("Check that a model file is complete and loadable (ggml header, and SHA-256 where the catalog knows it).")]
internal sealed class ModelsVerifyCommand(AppContextFactory factory, IAnsiConsole console) : Command<ModelsVerifyCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[NAME-OR-PATH]")]
        [Description("A model name or a file path; default: the model transcription would use.")]
        public string? Model { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        var models = app.Transcription.Models;
        string? path;
        string? expected = null;
        if (settings.Model is null)
        {
            path = app.Transcription.ModelPath ?? throw new CliException(app.Transcription.MissingModelMessage!);
        }
        else if (File.Exists(settings.Model))
        {
            path = settings.Model;
        }
        else
        {
            path = models.PathFor(settings.Model);
            expected = models.Catalog.TryGetValue(settings.Model, out var source) ? source.Sha256 : null;
        }

        var verification = ModelVerifier.Verify(path, expected, cancellationToken);
        console.MarkupLine(verification.IsValid ? $"[green]ok[/] {Markup.Escape(verification.Message)}" : $"[red]error[/]: {Markup.Escape(verification.Message)}");
        return verification.IsValid ? 0 : 1;
    }
}
