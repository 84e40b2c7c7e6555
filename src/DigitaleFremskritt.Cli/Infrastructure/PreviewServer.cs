using System.Net;
using DigitaleFremskritt.Build;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>What <see cref="PreviewServer"/> serves and where it listens.</summary>
internal sealed record PreviewServerOptions
{
    /// <summary>The built public tree (fremskritt build's output folder).</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The content root's media store: media/&lt;xx&gt;/&lt;sha256&gt;.&lt;ext&gt; is served from here, as publishing does.</summary>
    public required string MediaStore { get; init; }

    /// <summary>An IP address, "localhost", or "*" for every interface.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port; <see cref="PreviewServer.Address"/> has the real one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Kestrel and ASP.NET Core log at this level and above.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>
/// A local preview of the public tree over HTTP, with Kestrel and the static file middleware: byte ranges (206,
/// Content-Range), HEAD and conditional requests (ETag, Last-Modified) as podcast apps and browsers use them for
/// seeking. Paths of the media store's shape are served from the media store, everything else from the output
/// folder; media/originals, hidden files and anything outside those two folders are never served.
/// </summary>
internal sealed class PreviewServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly PublicFileProvider files;

    private PreviewServer(WebApplication app, PublicFileProvider files, IReadOnlyList<Uri> addresses)
    {
        this.app = app;
        this.files = files;
        Addresses = addresses;
    }

    /// <summary>The first address the server listens on, with the real port, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Address => Addresses[0];

    public IReadOnlyList<Uri> Addresses { get; }

    public string OutputFolder => files.OutputFolder;

    public string MediaStore => files.MediaStore;

    /// <summary>Starts listening. Throws <see cref="DirectoryNotFoundException"/> without the output folder and <see cref="IOException"/> when the port is taken.</summary>
    public static async Task<PreviewServer> StartAsync(PreviewServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var output = Path.GetFullPath(options.OutputFolder);
        if (!Directory.Exists(output))
        {
            throw new DirectoryNotFoundException($"{output} does not exist: run `fremskritt build` first");
        }

        var endpoint = ParseHost(options.Host) ?? throw new ArgumentException($"'{options.Host}' is not an IP address, localhost or *", nameof(options));
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "the port must be 0–65535");
        }

        var files = new PublicFileProvider(output, Path.GetFullPath(options.MediaStore));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "fremskritt",
            ContentRootPath = output,
            EnvironmentName = Environments.Production,
        });

        // The command owns Ctrl+C and SIGTERM (through its CancellationToken): the host must not install its own handlers.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders().SetMinimumLevel(options.MinimumLogLevel);
        if (options.MinimumLogLevel > LogLevel.Information)
        {
            // A failure to start (the port is taken) is thrown and printed by the command as one line; the host's
            // own "Hosting failed to start" line would only repeat it.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        }
        if (loggerFactory is not null)
        {
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            switch (endpoint)
            {
                case Endpoint.Any:
                    kestrel.ListenAnyIP(options.Port);
                    break;
                case Endpoint.Localhost when options.Port != 0:
                    kestrel.ListenLocalhost(options.Port);
                    break;
                case Endpoint.Localhost:
                    kestrel.Listen(IPAddress.Loopback, 0); // Kestrel cannot pick one free port for both loopback addresses.
                    break;
                case Endpoint.Address address:
                    kestrel.Listen(address.Ip, options.Port);
                    break;
            }
        });

        var app = builder.Build();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new PublicContentTypes(),
            OnPrepareResponse = context => PrepareResponse(context.Context),
        });
        app.Run(NotFoundAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            files.Dispose();
            throw new IOException($"{options.Host}:{options.Port} is already in use: stop whatever listens there, or pick another port with --port", e);
        }
        catch
        {
            await app.DisposeAsync();
            files.Dispose();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a.EndsWith('/') ? a : a + "/"))
            .ToList();
        return new PreviewServer(app, files, addresses is { Count: > 0 } ? addresses : [new Uri($"http://{options.Host}:{options.Port}/")]);
    }

    /// <summary>Stops accepting requests; downloads still running get a short grace period.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        files.Dispose();
    }

    /// <summary>An IP address, localhost, or * / + for every interface (other host names are not resolved).</summary>
    public static bool IsValidHost(string host) => ParseHost(host) is not null;

    private static Endpoint? ParseHost(string host) => host.Trim('[', ']') switch
    {
        "*" or "+" => new Endpoint.Any(),
        var h when string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase) => new Endpoint.Localhost(),
        var h when IPAddress.TryParse(h, out var ip) => new Endpoint.Address(ip),
        _ => null,
    };

    private static void PrepareResponse(HttpContext context)
    {
        var name = context.Request.Path.Value?.TrimStart('/') ?? "";
        var headers = context.Response.Headers;

        // Content-addressed files never change, as in production; everything else is revalidated on every
        // request (a cheap 304 by ETag), so a rebuild shows up at once instead of after the feeds' 5 minutes.
        headers.CacheControl = PublicLayout.IsImmutable(name) ? PublicLayout.CacheControlOf(name) : "no-cache";
        headers.XContentTypeOptions = "nosniff";
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("404 Not Found\n", context.RequestAborted);
    }

    private abstract record Endpoint
    {
        public sealed record Any : Endpoint;

        public sealed record Localhost : Endpoint;

        public sealed record Address(IPAddress Ip) : Endpoint;
    }

    /// <summary>Content-Type exactly as the published blobs get it (<see cref="PublicLayout.ContentTypeOf"/>).</summary>
    private sealed class PublicContentTypes : IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType)
        {
            contentType = PublicLayout.ContentTypeOf(subpath.TrimStart('/'));
            return true;
        }
    }

    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Kestrel's log lines go through the command's console logger.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

/// <summary>
/// The public tree as one file system: media/&lt;xx&gt;/&lt;sha256&gt;.&lt;ext&gt; (exactly that shape) from the media store,
/// anything else from the output folder. Refuses '..', '.', empty and hidden segments, backslashes, control
/// characters and every other name under media/ (so never media/originals), before a provider sees the path.
/// </summary>
internal sealed class PublicFileProvider : IFileProvider, IDisposable
{
    private readonly PhysicalFileProvider output;
    private PhysicalFileProvider? media;

    public PublicFileProvider(string outputFolder, string mediaStore)
    {
        OutputFolder = outputFolder;
        MediaStore = mediaStore;
        output = new PhysicalFileProvider(outputFolder, ExclusionFilters.Sensitive);
    }

    public string OutputFolder { get; }

    public string MediaStore { get; }

    public IFileInfo GetFileInfo(string subpath) => Route(subpath) switch
    {
        (Source.Output, var name) => output.GetFileInfo(name),
        (Source.Media, var name) when Media() is { } store => store.GetFileInfo(name),
        (_, var name) => new NotFoundFileInfo(name),
    };

    public IDirectoryContents GetDirectoryContents(string subpath) => Route(subpath) switch
    {
        (Source.Output, var name) => output.GetDirectoryContents(name),
        _ => NotFoundDirectoryContents.Singleton,
    };

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    public void Dispose()
    {
        output.Dispose();
        media?.Dispose();
    }

    /// <summary>Which folder a request path belongs to, and its name there; <see cref="Source.None"/> when it may not be served.</summary>
    public static (Source Source, string Name) Route(string subpath)
    {
        var name = subpath.TrimStart('/');
        if (name.Length == 0)
        {
            return (Source.Output, "");
        }

        var trimmed = name.EndsWith('/') ? name[..^1] : name;
        if (!PublicLayout.IsSafeName(trimmed) || trimmed.Split('/').Any(part => part.StartsWith('.')))
        {
            return (Source.None, name);
        }

        if (PublicLayout.IsMediaStorePath(trimmed) && trimmed.Length == name.Length)
        {
            return (Source.Media, trimmed[(PublicLayout.MediaFolder.Length + 1)..]);
        }

        // Nothing else under media/ (originals above all) is public, whatever is on disk.
        return trimmed.Equals(PublicLayout.MediaFolder, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(PublicLayout.MediaFolder + "/", StringComparison.OrdinalIgnoreCase)
            ? (Source.None, name)
            : (Source.Output, name);
    }

    /// <summary>The media store may appear after the server started (the first ingest).</summary>
    private PhysicalFileProvider? Media()
    {
        if (Volatile.Read(ref media) is { } existing)
        {
            return existing;
        }

        if (!Directory.Exists(MediaStore))
        {
            return null;
        }

        var created = new PhysicalFileProvider(MediaStore, ExclusionFilters.Sensitive);
        if (Interlocked.CompareExchange(ref media, created, null) is not null)
        {
            created.Dispose();
        }

        return media;
    }

    internal enum Source
    {
        None,
        Output,
        Media,
    }
}
