using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>
/// Runs a long-lived loop (`watch`, `worker`) as a Microsoft.Extensions.Hosting BackgroundService with systemd
/// integration, until SIGTERM or Ctrl+C. The loop handles failing stages itself; an exception that escapes it is the
/// service breaking, and is rethrown so the command reports it as one line and a non-zero exit.
/// </summary>
internal static class ServiceHost
{
    /// <summary>A service's log is its output: one line per stage per recording, so information lines are shown.</summary>
    public static void ShowStageLines(LogLevelSwitch level)
    {
        if (level.Minimum > LogLevel.Information)
        {
            level.Minimum = LogLevel.Information;
        }
    }

    public static async Task RunAsync(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var service = new LoopService(loop);
        builder.Services.AddSingleton<IHostedService>(service);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        if (service.Failure is { } e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }

    private sealed class LoopService(Func<CancellationToken, Task> loop) : BackgroundService
    {
        public Exception? Failure { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await loop(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Failure = e;
                throw;
            }
        }
    }
}
