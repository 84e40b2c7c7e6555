using System.Globalization;
using DigitaleFremskritt.Domain;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>The QC report as a readable table.</summary>
internal static class QcTable
{
    public static IRenderable Render(string heading, QcReport qc)
    {
        var verdict = qc.Passed ? "[green]PASS[/]" : "[red]FAIL[/]";
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(heading)}  {verdict}")
            .AddColumn("").AddColumn("Integrated").AddColumn("Range").AddColumn("True peak");
        table.AddRow("Target", Lufs(qc.Target.IntegratedLufs) + Invariant($" ±{qc.Target.ToleranceLu:0.0}"), "", Dbtp(qc.Target.TruePeakDbtp) + " max");
        table.AddRow("Before", Lufs(qc.Before.IntegratedLufs), Lu(qc.Before.RangeLu), Dbtp(qc.Before.TruePeakDbtp));
        table.AddRow("After (MP3)", Mark(qc.After, qc.Target), Lu(qc.After.RangeLu), Dbtp(qc.After.TruePeakDbtp));
        if (qc.AfterVideo is { } video)
        {
            table.AddRow("After (MP4)", Mark(video, qc.Target), Lu(video.RangeLu), Dbtp(video.TruePeakDbtp));
        }

        table.AddRow("Gain", Invariant($"{qc.GainDb:+0.00;-0.00} dB"), Markup.Escape(qc.Mode), Invariant($"{qc.EncodePasses} encode pass(es)"));
        var input = qc.Input;
        var inputText = Invariant($"{input.Format}/{input.AudioCodec}, {input.DurationSeconds:0.0} s, {input.Channels} ch, {input.SampleRate} Hz")
            + (input.VideoCodec is null ? "" : Invariant($", video {input.VideoCodec} {input.Width}x{input.Height}"));
        var notes = new List<string> { $"[grey]Input:[/] {Markup.Escape(inputText)}" };
        if (!string.IsNullOrEmpty(qc.ModeReason))
        {
            notes.Add($"[grey]Mode:[/] {Markup.Escape(qc.ModeReason)}");
        }

        notes.AddRange(qc.Outputs.Select(o => $"[grey]{Markup.Escape(o.Kind)}:[/] {Markup.Escape(Size(o.Bytes))}"
            + (o.DurationSeconds > 0 ? Invariant($", {o.DurationSeconds:0.0} s") : "") + $" [grey]{Markup.Escape(ShortName(o.Path))}[/]"));
        notes.Add($"[grey]Tools:[/] {Markup.Escape(string.Join(", ", qc.Tools.Select(t => $"{t.Key} {t.Value}")))}");
        notes.AddRange(qc.Warnings.Select(w => $"[yellow]Warning:[/] {Markup.Escape(w)}"));
        return new Rows(table, new Markup(string.Join('\n', notes.Select(n => "  " + n))), new Text(""));
    }

    private static string Mark(Loudness measured, QcTarget target)
    {
        var ok = Math.Abs(measured.IntegratedLufs - target.IntegratedLufs) <= target.ToleranceLu;
        return ok ? $"[green]{Lufs(measured.IntegratedLufs)}[/]" : $"[red]{Lufs(measured.IntegratedLufs)}[/]";
    }

    /// <summary>Content-addressed names are 64 hex digits: show the first 12, like git.</summary>
    private static string ShortName(string path)
    {
        var name = Path.GetFileName(path);
        var stem = Path.GetFileNameWithoutExtension(name);
        return stem.Length == 64 ? stem[..12] + "…" + Path.GetExtension(name) : name;
    }

    private static string Lufs(double value) => Invariant($"{value:0.0} LUFS");

    private static string Lu(double value) => Invariant($"{value:0.0} LU");

    private static string Dbtp(double value) => Invariant($"{value:0.0} dBTP");

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => Invariant($"{bytes / 1048576.0:0.0} MiB"),
        >= 1 << 10 => Invariant($"{bytes / 1024.0:0.0} KiB"),
        _ => Invariant($"{bytes} B"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
