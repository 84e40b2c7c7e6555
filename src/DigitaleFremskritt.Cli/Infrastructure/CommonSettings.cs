using System.ComponentModel;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>Options every command takes.</summary>
internal class CommonSettings : CommandSettings
{
    [CommandOption("-c|--content <DIR>")]
    [Description("Content root: holds ingest/, one folder per episode and media/ (default: the repository's episodes/ folder).")]
    public string? Content { get; init; }

    [CommandOption("--set <KEY=VALUE>")]
    [Description("Override any configuration value, e.g. --set Ingest:SettleSeconds=1 or --set Shows:podcast:Loudness:StereoTargetLufs=-18. Repeatable.")]
    public string[]? Set { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Log each step in detail.")]
    public bool Verbose { get; init; }
}
