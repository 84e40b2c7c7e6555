using System.Diagnostics;
using System.Reflection;

namespace DigitaleFremskritt.Media;

/// <summary>Versions recorded in every QC report, so a result can be traced to the tools that made it.</summary>
public static class ToolVersions
{
    private static readonly Lazy<Dictionary<string, string>> Versions = new(Read);

    /// <summary>The library versions plus the ffmpeg version that <see cref="FfmpegTool.CheckAvailableAsync"/> read.</summary>
    public static Dictionary<string, string> Get(string ffmpegVersion) => new(Versions.Value) { ["ffmpeg"] = ffmpegVersion };

    private static Dictionary<string, string> Read() => new()
    {
        ["fremskritt"] = Version(typeof(ToolVersions).Assembly),
        ["FFMpegCore"] = PackageVersion("FFMpegCore") ?? Version(typeof(FFMpegCore.FFProbe).Assembly),
        ["NAudio"] = PackageVersion("NAudio.Core") ?? Version(typeof(NAudio.Wave.WaveFileReader).Assembly),
    };

    /// <summary>The NuGet version from the app's deps.json (FFMpegCore's assembly version says 1.0.0 whatever the package).</summary>
    private static string? PackageVersion(string package)
    {
        var entry = Assembly.GetEntryAssembly()?.GetName().Name;
        var deps = entry is null ? null : Path.Combine(AppContext.BaseDirectory, entry + ".deps.json");
        if (deps is null || !File.Exists(deps))
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(deps));
        return json.RootElement.TryGetProperty("libraries", out var libraries)
            ? libraries.EnumerateObject().Select(l => l.Name).FirstOrDefault(n => n.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase))?[(package.Length + 1)..]
            : null;
    }

    private static string Version(Assembly assembly) =>
        FileVersionInfo.GetVersionInfo(assembly.Location) is { ProductVersion: { Length: > 0 } product }
            ? product.Split('+')[0]
            : assembly.GetName().Version?.ToString() ?? "unknown";
}
