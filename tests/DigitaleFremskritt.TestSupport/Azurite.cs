using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DigitaleFremskritt.TestSupport;

/// <summary>
/// A real Azurite (the npm package pinned in package.json, installed by scripts/setup.sh) on 127.0.0.1 with free
/// ports and a temporary --location. Stop and start it again to simulate a storage outage; the data survives.
/// Use it as an xunit class or collection fixture.
/// </summary>
public sealed class Azurite : IAsyncLifetime, IDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempFolder location = new("azurite");
    private Process? process;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string QueueEndpoint => $"http://127.0.0.1:{QueuePort}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public static string Executable()
    {
        var azurite = Repository.NodeModule(".bin", "azurite");
        return File.Exists(azurite) ? azurite : throw new InvalidOperationException("node_modules/.bin/azurite not found: run scripts/setup.sh (it runs npm ci)");
    }

    public async Task InitializeAsync()
    {
        BlobPort = FreePort();
        QueuePort = FreePort();
        TablePort = FreePort();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            return;
        }

        var info = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--loose", "--skipApiVersionCheck", "--disableTelemetry", "--location", location.Path,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("cannot start azurite");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"azurite exited with {process.ExitCode} before it was ready");
            }

            if (await AcceptsAsync(BlobPort) && await AcceptsAsync(QueuePort))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("azurite did not start listening within 30 s");
    }

    /// <summary>Stops the server (SIGTERM, then a kill); its data stays in the location folder for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        location.Dispose();
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }

        process?.Dispose();
        location.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
