using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>Log lines through Spectre.Console, so they print cleanly above live progress bars.</summary>
internal sealed class ConsoleLoggerProvider(IAnsiConsole console, LogLevelSwitch level) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(console, level);

    public void Dispose()
    {
    }

    private sealed class ConsoleLogger(IAnsiConsole console, LogLevelSwitch level) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= level.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var (label, colour) = logLevel switch
            {
                >= LogLevel.Error => ("error", "red"),
                LogLevel.Warning => ("warn", "yellow"),
                LogLevel.Information => ("info", "blue"),
                _ => ("debug", "grey"),
            };
            console.MarkupLine($"[{colour}]{label}[/]: {Markup.Escape(formatter(state, exception))}");
        }
    }
}

internal sealed class LogLevelSwitch
{
    public LogLevel Minimum { get; set; } = LogLevel.Warning;
}
