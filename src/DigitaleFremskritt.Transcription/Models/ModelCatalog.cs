namespace DigitaleFremskritt.Transcription.Models;

/// <summary>The models `fremskritt models download` knows by name.</summary>
public static class ModelCatalog
{
    private const string WhisperCpp = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    /// <summary>
    /// A fresh, modifiable copy on every call (configuration binding writes into it). Checksums are left null on
    /// purpose: nobody here has verified them, and a wrong pin would reject a good file.
    /// </summary>
    public static Dictionary<string, ModelSource> Defaults => new(StringComparer.OrdinalIgnoreCase)
    {
        ["base"] = new() { Url = WhisperCpp + "ggml-base.bin", Description = "OpenAI Whisper base, multilingual (~142 MiB)" },
        ["small"] = new() { Url = WhisperCpp + "ggml-small.bin", Description = "OpenAI Whisper small, multilingual (~466 MiB)" },
        ["large-v3-turbo"] = new() { Url = WhisperCpp + "ggml-large-v3-turbo.bin", Description = "OpenAI Whisper large-v3-turbo, multilingual (~1.5 GiB)" },
        ["nb-whisper-base"] = new()
        {
            Url = "https://huggingface.co/NbAiLab/nb-whisper-base/resolve/main/ggml-model.bin",
            Description = "NB-Whisper base, Norwegian, National Library of Norway (~150 MB)",
        },
        ["nb-whisper-small"] = new()
        {
            Url = "https://huggingface.co/NbAiLab/nb-whisper-small/resolve/main/ggml-model.bin",
            Description = "NB-Whisper small, Norwegian, National Library of Norway (~490 MB)",
        },
    };

    /// <summary>The file name a named model is stored under in the models folder.</summary>
    public static string FileNameFor(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid model name (letters, digits, '.', '-' and '_' only)", nameof(name));
        }

        return $"ggml-{name}.bin";
    }

    /// <summary>Names become file names, so they must not carry path separators or "..".</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name != "."
        && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
