using DigitaleFremskritt.Cli;
using Spectre.Console;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>Runs `fremskritt` in-process against a plain, non-interactive console (as in a log) and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        var exit = await FremskrittApp.RunAsync(args, console);
        return (exit, writer.ToString());
    }
}
