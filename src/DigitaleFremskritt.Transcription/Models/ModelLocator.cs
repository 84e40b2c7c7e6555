namespace DigitaleFremskritt.Transcription.Models;

/// <summary>Where the model to use came from.</summary>
public enum ModelOrigin
{
    None,

    /// <summary>Transcription:Models:ActiveModel is the path of a file.</summary>
    ActiveModelPath,

    /// <summary>Transcription:Models:ActiveModel names a model downloaded to the models folder.</summary>
    ActiveModelName,

    /// <summary>No usable ActiveModel; a catalog model found in the models folder.</summary>
    Downloaded,

    /// <summary>The WHISPER_MODEL environment variable.</summary>
    EnvironmentVariable,
}

/// <summary>The model file to load, or (when <see cref="Path"/> is null) one line telling the user how to get one.</summary>
public sealed record ModelResolution(string? Path, ModelOrigin Origin, string Message)
{
    public bool Found => Path is not null;
}

/// <summary>
/// Picks the Whisper model file: ActiveModel as a path, ActiveModel as a downloaded name, any downloaded catalog
/// model, then WHISPER_MODEL. Pure apart from looking at files; the environment variable is passed in.
/// </summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "WHISPER_MODEL";

    public static ModelResolution Resolve(ModelOptions options, string? whisperModelEnv)
    {
        var problems = new List<string>();
        var active = Blank(options.ActiveModel);

        if (active is not null)
        {
            if (FromActiveModel(options, active, problems) is { } chosen)
            {
                return chosen;
            }
        }

        // Without a usable ActiveModel, the largest downloaded catalog model is likely the best one.
        var downloaded = options.Catalog.Keys
            .Where(ModelCatalog.IsValidName)
            .Select(name => (Name: name, File: new FileInfo(options.PathFor(name))))
            .Where(model => model.File.Exists)
            .OrderByDescending(model => model.File.Length)
            .ThenBy(model => model.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
        if (downloaded.File is not null)
        {
            return new(downloaded.File.FullName, ModelOrigin.Downloaded, Using($"downloaded model '{downloaded.Name}'", downloaded.File.FullName, problems));
        }

        if (Blank(whisperModelEnv) is { } env)
        {
            var path = System.IO.Path.GetFullPath(env);
            if (File.Exists(path))
            {
                return new(path, ModelOrigin.EnvironmentVariable, Using(EnvironmentVariable, path, problems));
            }

            problems.Add($"{EnvironmentVariable} is set to {path}, which does not exist.");
        }

        var suggestion = active is not null && options.Catalog.ContainsKey(active) ? active : "small";
        var fix = $"Run `fremskritt models download {suggestion}` (needs internet), or set Transcription:Models:ActiveModel to the path of a ggml model file, or set {EnvironmentVariable}.";
        var message = problems.Count == 0
            ? "No Whisper model is configured. " + fix
            : string.Join(' ', problems) + " " + fix;
        return new(null, ModelOrigin.None, message);
    }

    private static ModelResolution? FromActiveModel(ModelOptions options, string active, List<string> problems)
    {
        if (LooksLikePath(active))
        {
            var path = System.IO.Path.GetFullPath(active);
            if (File.Exists(path))
            {
                return new(path, ModelOrigin.ActiveModelPath, Using("Transcription:Models:ActiveModel", path, problems));
            }

            // A bare file name such as "ggml-model.bin" may live in the models folder.
            var inFolder = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.ModelsFolder, active));
            if (!System.IO.Path.IsPathRooted(active) && File.Exists(inFolder))
            {
                return new(inFolder, ModelOrigin.ActiveModelPath, Using("Transcription:Models:ActiveModel", inFolder, problems));
            }

            problems.Add($"Transcription:Models:ActiveModel points to {path}, which does not exist.");
            return null;
        }

        if (!ModelCatalog.IsValidName(active))
        {
            problems.Add($"Transcription:Models:ActiveModel '{active}' is neither a model file nor a valid model name.");
            return null;
        }

        var named = options.PathFor(active);
        if (File.Exists(named))
        {
            return new(named, ModelOrigin.ActiveModelName, Using($"model '{active}'", named, problems));
        }

        problems.Add(options.Catalog.ContainsKey(active)
            ? $"Model '{active}' is not downloaded (expected {named})."
            : $"Transcription:Models:ActiveModel '{active}' is not in the catalog ({string.Join(", ", options.Catalog.Keys)}) and {named} does not exist.");
        return null;
    }

    private static bool LooksLikePath(string value) =>
        System.IO.Path.IsPathRooted(value)
        || value.Contains('/', StringComparison.Ordinal)
        || value.Contains(System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || value.EndsWith(".bin", StringComparison.OrdinalIgnoreCase);

    private static string Using(string what, string path, List<string> problems) =>
        problems.Count == 0 ? $"Using {what}: {path}" : $"{string.Join(' ', problems)} Using {what} instead: {path}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
