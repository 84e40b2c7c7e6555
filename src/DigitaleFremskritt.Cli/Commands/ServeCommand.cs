using System.ComponentModel;
using System.Net;
using System.Xml.Linq;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Cli.Infrastructure;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Preview the built output folder over HTTP: feeds, transcripts, chapters, artwork and pages, with media from the media store (byte ranges, so audio and video can seek). Runs until Ctrl+C.")]
internal sealed class ServeCommand(AppContextFactory factory, IAnsiConsole console, ILoggerFactory loggerFactory) : AsyncCommand<ServeCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandOption("-o|--output <DIR>")]
        [Description("The folder to serve (default: Build:OutputFolder, <content>/out).")]
        public string? Output { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Port to listen on; 0 picks a free one. 8080 is the port of the default Build:BaseUrl, http://localhost:8080/.")]
        [DefaultValue(8080)]
        public int Port { get; init; } = 8080;

        [CommandOption("--host <ADDRESS>")]
        [Description("Address to listen on: an IP address, localhost, or * for every interface. 127.0.0.1 lets in this machine only.")]
        [DefaultValue("127.0.0.1")]
        public string Host { get; init; } = "127.0.0.1";

        public override ValidationResult Validate()
        {
            if (Port is < 0 or > 65535)
            {
                return ValidationResult.Error($"--port {Port}: expected 0–65535 (0 picks a free port)");
            }

            return PreviewServer.IsValidHost(Host)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--host '{Host}': expected an IP address (127.0.0.1, ::1, 0.0.0.0), localhost or *");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.Output is not null)
        {
            overrides["Build:OutputFolder"] = Path.GetFullPath(settings.Output);
        }

        using var app = factory.Create(settings, overrides);
        var output = BuildOutput.ResolveOutput(app.Root, app.Options.Build.OutputFolder);
        if (IsInsideOrEqual(app.Root.Path, output))
        {
            throw new CliException($"{output} holds the content root: serve the build's output folder (default <content>/out) instead");
        }

        // No content lock: serving only reads, so `build` can run beside it and the next request sees the new files.
        await using var server = await PreviewServer.StartAsync(
            new PreviewServerOptions
            {
                OutputFolder = output,
                MediaStore = app.Root.MediaStore,
                Host = settings.Host,
                Port = settings.Port,
                MinimumLogLevel = settings.Verbose ? LogLevel.Information : LogLevel.Warning,
            },
            loggerFactory,
            cancellationToken);

        console.MarkupLine($"Serving [blue]{Markup.Escape(server.OutputFolder)}[/] at [link]{Markup.Escape(server.Address.AbsoluteUri)}[/] — Ctrl+C to stop");
        if (settings.Verbose)
        {
            console.MarkupLine($"[grey]media/<xx>/<sha256>.<ext> from {Markup.Escape(server.MediaStore)}[/]");
        }

        if (FeedBaseUrl(server.OutputFolder) is { } feedBase && !SameOrigin(feedBase, server.Address))
        {
            console.MarkupLine($"[yellow]note[/]: the feeds link to {Markup.Escape(feedBase.AbsoluteUri)}; to follow their links here, "
                + $"run `fremskritt build --base-url {Markup.Escape(server.Address.AbsoluteUri)}`");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the normal way to stop a server.
        }

        await server.StopAsync(CancellationToken.None);
        console.MarkupLine("Stopped.");
        return 0;
    }

    private static bool IsInsideOrEqual(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    /// <summary>The base URL the built feeds point at (from a feed's atom:link rel="self"), or null.</summary>
    internal static Uri? FeedBaseUrl(string outputFolder)
    {
        try
        {
            var feeds = Path.Combine(outputFolder, PublicLayout.FeedsFolder);
            var feed = Directory.Exists(feeds) ? Directory.EnumerateFiles(feeds, "*.xml").Order(StringComparer.Ordinal).FirstOrDefault() : null;
            if (feed is null)
            {
                return null;
            }

            XNamespace atom = "http://www.w3.org/2005/Atom";
            var self = XDocument.Load(feed).Root?.Element("channel")?.Elements(atom + "link")
                .FirstOrDefault(l => (string?)l.Attribute("rel") == "self")?.Attribute("href")?.Value;
            var suffix = PublicLayout.FeedsFolder + "/" + Path.GetFileName(feed);
            return self is not null && self.EndsWith(suffix, StringComparison.Ordinal) && Uri.TryCreate(self[..^suffix.Length], UriKind.Absolute, out var uri) ? uri : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>Same scheme, port and path, and the same host (any two loopback names count as the same; a server on every interface answers any host).</summary>
    internal static bool SameOrigin(Uri feedBase, Uri served) =>
        feedBase.Scheme == served.Scheme
        && feedBase.Port == served.Port
        && feedBase.AbsolutePath == "/"
        && (string.Equals(feedBase.Host, served.Host, StringComparison.OrdinalIgnoreCase)
            || (IsLoopback(feedBase) && IsLoopback(served))
            || (IPAddress.TryParse(served.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))));

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
