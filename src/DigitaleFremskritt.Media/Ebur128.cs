using System.Globalization;
using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Media;

/// <summary>
/// Parses the summary that ffmpeg's ebur128 filter prints at the end of a run. One ffmpeg call may run several
/// instances (Parsed_ebur128_0, _1, …); a filtergraph that gets configured twice prints an empty summary first,
/// so the last summary of each instance wins.
/// </summary>
public static partial class Ebur128
{
    /// <summary>Floor for "-inf" readings, so reports stay plain JSON numbers.</summary>
    public const double Floor = -120;

    /// <summary>ebur128 with the true peak (4x oversampled, slow) or only the sample peak (about 3x faster).</summary>
    public static string Filter(bool truePeak = true) => truePeak ? "ebur128=peak=true:framelog=verbose" : "ebur128=peak=sample:framelog=verbose";

    public static IReadOnlyDictionary<int, Ebur128Summary> ParseSummaries(IEnumerable<string> stderr)
    {
        var summaries = new Dictionary<int, Ebur128Summary>();
        int? instance = null;
        string? section = null;
        double integrated = double.NaN, threshold = double.NaN, range = double.NaN, peak = double.NaN;

        void Flush()
        {
            if (instance is { } i && !double.IsNaN(integrated))
            {
                summaries[i] = new Ebur128Summary(integrated, threshold, double.IsNaN(range) ? 0 : range, double.IsNaN(peak) ? Floor : peak);
            }
        }

        foreach (var raw in stderr)
        {
            // ffmpeg's status line has no newline, so a summary header can follow it on the same line.
            var header = SummaryHeader().Match(raw);
            if (header.Success)
            {
                Flush();
                instance = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
                section = null;
                integrated = threshold = range = peak = double.NaN;
                continue;
            }

            if (instance is null)
            {
                continue;
            }

            var line = raw.Trim();
            if (line.EndsWith(':'))
            {
                section = line;
                continue;
            }

            var value = Value().Match(line);
            if (!value.Success)
            {
                if (line.StartsWith('['))
                {
                    Flush();
                    instance = null;
                }

                continue;
            }

            var number = ParseNumber(value.Groups[2].Value);
            switch (value.Groups[1].Value)
            {
                case "I":
                    integrated = number;
                    break;
                case "Threshold" when section == "Integrated loudness:":
                    threshold = number;
                    break;
                case "LRA":
                    range = number;
                    break;
                case "Peak" when section == "True peak:" || double.IsNaN(peak):
                    peak = number;
                    break;
            }
        }

        Flush();
        return summaries;
    }

    private static double ParseNumber(string text) =>
        text.Contains("inf", StringComparison.Ordinal)
            ? Floor
            : Math.Max(Floor, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\[Parsed_ebur128_(\d+) @ [^\]]*\] Summary:")]
    private static partial Regex SummaryHeader();

    [GeneratedRegex(@"^(I|Threshold|LRA|Peak|LRA low|LRA high):\s+(-?(?:inf|\d+(?:\.\d+)?))")]
    private static partial Regex Value();
}

public sealed record Ebur128Summary(double IntegratedLufs, double ThresholdLufs, double RangeLu, double TruePeakDbtp)
{
    public Loudness ToLoudness() => new() { IntegratedLufs = IntegratedLufs, RangeLu = RangeLu, TruePeakDbtp = TruePeakDbtp };
}
