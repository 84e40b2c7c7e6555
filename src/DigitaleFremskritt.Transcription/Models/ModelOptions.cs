namespace DigitaleFremskritt.Transcription.Models;

/// <summary>Where Whisper models live and which one transcribes (configuration section "Transcription:Models").</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Transcription:Models";

    /// <summary>Folder holding downloaded models as ggml-&lt;name&gt;.bin. Default: a per-user data folder, since models are 0.1-1.6 GB.</summary>
    public string ModelsFolder { get; set; } = DefaultModelsFolder();

    /// <summary>A catalog name ("small") or the path of a ggml model file; empty means the best downloaded model.</summary>
    public string? ActiveModel { get; set; }

    /// <summary>Models that `models download` knows by name; configuration adds to or overrides the defaults.</summary>
    public Dictionary<string, ModelSource> Catalog { get; set; } = ModelCatalog.Defaults;

    /// <summary>The path a catalog model is downloaded to.</summary>
    public string PathFor(string name) => Path.GetFullPath(Path.Combine(ModelsFolder, ModelCatalog.FileNameFor(name)));

    private static string DefaultModelsFolder()
    {
        // DoNotVerify: on a fresh machine ~/.local/share may not exist yet, and "" would mean a relative "models".
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(data)
            ? Path.Combine(Path.GetTempPath(), "fremskritt", "models")
            : Path.Combine(data, "fremskritt", "models");
    }
}

/// <summary>Where one model can be downloaded from.</summary>
public sealed class ModelSource
{
    public string Url { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the file; null when nobody has pinned it (then only the ggml header is checked).</summary>
    public string? Sha256 { get; set; }

    /// <summary>Exact size in bytes when known.</summary>
    public long? Bytes { get; set; }

    public string? Description { get; set; }
}
