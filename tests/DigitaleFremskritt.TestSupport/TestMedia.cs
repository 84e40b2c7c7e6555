using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DigitaleFremskritt.TestSupport;

/// <summary>
/// Makes real recordings for tests with ffmpeg (lavfi), sox and espeak-ng (voice nb). Nothing is mocked:
/// the files are what a producer could drop.
/// </summary>
public static class TestMedia
{
    public const string NorwegianText =
        "Velkommen til Digitale Fremskritt. I dag snakker vi om gevinstrealisering i kommunene i Trøndelag, " +
        "og om hvordan endringsledelse gjør digital transformasjon enklere for ansatte og innbyggere.";

    /// <summary>Norwegian speech from espeak-ng, resampled to <paramref name="sampleRate"/>, at a chosen loudness offset.</summary>
    public static string Speech(string path, int channels = 1, double gainDb = 0, int sampleRate = 44100, string? text = null)
    {
        var raw = path + ".espeak.wav";
        Run("espeak-ng", "-v", "nb", "-s", "165", "-w", raw, text ?? NorwegianText);
        Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", raw,
            "-af", Invariant($"volume={gainDb:0.0}dB"), "-ar", Invariant($"{sampleRate}"), "-ac", Invariant($"{channels}"), path);
        File.Delete(raw);
        return path;
    }

    /// <summary>Speech looped (with a pause after each round) to at least <paramref name="seconds"/>.</summary>
    public static string LongSpeech(string path, double seconds, int channels = 2, double gainDb = -6)
    {
        var once = Speech(path + ".once.wav", channels, gainDb);
        var length = double.Parse(Run("soxi", "-D", once).Trim(), CultureInfo.InvariantCulture) + 0.5;
        var repeats = (int)Math.Ceiling(seconds / length);
        Run("sox", [once, path, "pad", "0", "0.5", "repeat", Invariant($"{repeats - 1}")]);
        File.Delete(once);
        return path;
    }

    /// <summary>A very dynamic recording: quiet, loud, quiet speech, 18 dB apart (inside EBU R128's -20 LU gate, so LRA sees it).</summary>
    public static string Dynamic(string path, int channels = 2)
    {
        var quiet = Speech(path + ".quiet.wav", channels, gainDb: -19);
        var loud = Speech(path + ".loud.wav", channels, gainDb: -1);
        Run("sox", quiet, loud, quiet, path);
        File.Delete(quiet);
        File.Delete(loud);
        return path;
    }

    /// <summary>A video (H.264 test pattern) with or without the speech as its audio track, in any container ffmpeg writes.</summary>
    public static string Video(string path, bool withAudio = true, int width = 1280, int height = 720, double gainDb = 0)
    {
        if (!withAudio)
        {
            Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", Invariant($"testsrc=d=6:s={width}x{height}:r=25"),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path);
            return path;
        }

        var speech = Speech(path + ".speech.wav", 2, gainDb);
        Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", Invariant($"testsrc=d=30:s={width}x{height}:r=25"), "-i", speech,
            "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        File.Delete(speech);
        return path;
    }

    /// <summary>Digital silence.</summary>
    public static string Silence(string path, double seconds = 10) =>
        Lavfi(path, Invariant($"anullsrc=r=44100:cl=stereo"), seconds);

    /// <summary>ffmpeg's sine source (−18 dBFS peak).</summary>
    public static string Tone(string path, double seconds, double frequency = 440) =>
        Lavfi(path, Invariant($"sine=f={frequency}:r=44100"), seconds);

    /// <summary>An MP3 carrying embedded cover art: audio, even though ffprobe lists a picture stream.</summary>
    public static string Mp3WithCoverArt(string path)
    {
        var speech = Speech(path + ".speech.wav", 2);
        var cover = path + ".cover.jpg";
        Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=600x600", "-frames:v", "1", cover);
        Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", speech, "-i", cover, "-map", "0", "-map", "1",
            "-c:a", "libmp3lame", "-c:v", "copy", "-disposition:v", "attached_pic", path);
        File.Delete(speech);
        File.Delete(cover);
        return path;
    }

    /// <summary>The first <paramref name="keepBytes"/> bytes of a complete 20 s FLAC: its header still declares 20 s.</summary>
    public static string TruncatedFlac(string path, int keepBytes = 60_000)
    {
        var full = path + ".full.flac";
        Lavfi(full, "sine=f=440:r=44100", 20);
        using (var input = File.OpenRead(full))
        using (var output = File.Create(path))
        {
            var buffer = new byte[keepBytes];
            var read = input.ReadAtLeast(buffer, keepBytes, throwOnEndOfStream: false);
            output.Write(buffer, 0, read);
        }

        File.Delete(full);
        return path;
    }

    /// <summary>Integrated loudness and true peak of a file, measured with ffmpeg ebur128 independently of the code under test.</summary>
    public static (double IntegratedLufs, double TruePeakDbtp) MeasureLoudness(string path)
    {
        var stderr = Run("ffmpeg", "-hide_banner", "-nostats", "-i", path, "-map", "0:a:0", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-");
        var summary = stderr[stderr.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        static double After(string text, string label)
        {
            var start = text.IndexOf(label, StringComparison.Ordinal) + label.Length;
            var value = text[start..].TrimStart().Split(' ')[0];
            return value.Contains("inf", StringComparison.Ordinal) ? double.NegativeInfinity : double.Parse(value, CultureInfo.InvariantCulture);
        }

        return (After(summary, "I:"), After(summary[summary.IndexOf("True peak:", StringComparison.Ordinal)..], "Peak:"));
    }

    /// <summary>ffprobe's view of a stream entry, e.g. ("a:0", "channels") → "2".</summary>
    public static string Probe(string path, string stream, string entry) =>
        Run("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", $"stream={entry}", "-of", "default=nw=1:nk=1", path).Trim();

    public static string ProbeFormat(string path, string entry) =>
        Run("ffprobe", "-v", "error", "-show_entries", $"format={entry}", "-of", "default=nw=1:nk=1", path).Trim();

    /// <summary>A container-level tag such as the ID3 title.</summary>
    public static string ProbeTag(string path, string tag) =>
        Run("ffprobe", "-v", "error", "-show_entries", $"format_tags={tag}", "-of", "default=nw=1:nk=1", path).Trim();

    public static string Lavfi(string path, string source, double seconds)
    {
        Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-t", Invariant($"{seconds}"), path);
        return path;
    }

    /// <summary>Runs a tool and returns stdout + stderr; throws with both when it fails.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} timed out");
        }

        var output = new StringBuilder().Append(stdout.Result).Append(stderr.Result).ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
        }

        return output;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
