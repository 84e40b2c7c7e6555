using DigitaleFremskritt.Cli.Commands;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli;

/// <summary>Composition root: configuration, services and the command tree of the `fremskritt` executable.</summary>
public static class FremskrittApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        console ??= AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            // In logs and pipes, one outcome stays on one line instead of wrapping at 80 columns.
            console.Profile.Width = Math.Max(console.Profile.Width, 1000);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: stop gracefully (temp files are cleaned up); a second one kills.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        // systemd and `kill` send SIGTERM: stop as gracefully as on Ctrl+C.
        using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddEnvironmentVariables("FREMSKRITT_")
            .Build();

        var level = new LogLevelSwitch { Minimum = args.Contains("-v") || args.Contains("--verbose") ? LogLevel.Debug : LogLevel.Warning };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(console)
            .AddSingleton(level)
            .AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new ConsoleLoggerProvider(console, level)))
            .AddSingleton<AppContextFactory>();

        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("fremskritt");
            config.Settings.Console = console;
            config.PropagateExceptions();
            config.AddCommand<IngestCommand>("ingest")
                .WithExample("ingest")
                .WithExample("ingest", "--content", "/srv/podcast", "--settle", "10");
            config.AddCommand<NormaliseCommand>("normalise")
                .WithAlias("normalize")
                .WithExample("normalise", "opptak.wav", "--output", "ut");
            config.AddCommand<QcCommand>("qc")
                .WithExample("qc", "gevinstrealisering-i-praksis");
            config.AddCommand<TranscribeCommand>("transcribe")
                .WithExample("transcribe")
                .WithExample("transcribe", "gevinstrealisering-i-praksis", "--force");
            config.AddCommand<BuildCommand>("build")
                .WithExample("build")
                .WithExample("build", "--base-url", "https://podkast.example.no/");
            config.AddCommand<PublishCommand>("publish")
                .WithExample("publish", "--dry-run")
                .WithExample("publish")
                .WithExample("publish", "--set", "Publish:Target=Azure");
            config.AddCommand<UnpublishCommand>("unpublish")
                .WithExample("unpublish", "gevinstrealisering-i-praksis");
            config.AddCommand<ServeCommand>("serve")
                .WithExample("serve")
                .WithExample("serve", "--port", "8081")
                .WithExample("serve", "--content", "/srv/podcast", "--host", "0.0.0.0");
            config.AddCommand<WatchCommand>("watch")
                .WithExample("watch")
                .WithExample("watch", "--content", "/srv/podcast", "--set", "Publish:Target=Azure");
            config.AddCommand<WorkerCommand>("worker")
                .WithExample("worker", "--content", "/mnt/fremskritt", "--name", "worker-1");
            config.AddCommand<StatusCommand>("status")
                .WithExample("status");
            config.AddCommand<RetryCommand>("retry")
                .WithExample("retry", "opptak-2026-11-28.wav");
            config.AddBranch("models", models =>
            {
                models.SetDescription("Whisper models: list, download, verify.");
                models.AddCommand<ModelsListCommand>("list");
                models.AddCommand<ModelsDownloadCommand>("download").WithExample("models", "download", "small");
                models.AddCommand<ModelsVerifyCommand>("verify");
            });
        });

        try
        {
            return await app.RunAsync(args, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]cancelled[/]: no half-written files were left behind.");
            return 130;
        }
        catch (CommandParseException e)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (CommandRuntimeException e)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (Exception e) when (e is CliException or MediaEnvironmentException or DigitaleFremskritt.Content.ContentBusyException
            or DigitaleFremskritt.Transcription.TranscriptionException or DigitaleFremskritt.Transcription.Models.ModelDownloadException)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (MediaToolException e)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
            if (level.Minimum <= LogLevel.Debug)
            {
                console.WriteLine($"command: ffmpeg {e.Command}");
                console.WriteLine(e.StandardErrorTail);
            }

            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
            or DigitaleFremskritt.Build.Feeds.FeedBuildException or DigitaleFremskritt.Publish.PublishException)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything unforeseen: one line, never a secret; the trace only with -v.
            var redactor = new DigitaleFremskritt.Publish.SecretRedactor(configuration["Publish:Azure:ConnectionString"]);
            console.MarkupLine($"[red]error[/]: {Markup.Escape(redactor.Redact($"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}"))}");
            if (level.Minimum <= LogLevel.Debug)
            {
                console.WriteLine(redactor.Redact(e.ToString()));
            }

            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
