using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests.Models;

/// <summary>Files only need to exist for the locator, so they are a few bytes each (sizes matter for "largest").</summary>
public sealed class ModelLocatorTests : IDisposable
{
    private const string NothingConfigured =
        "No Whisper model is configured. Run `fremskritt models download small` (needs internet), or set Transcription:Models:ActiveModel to the path of a ggml model file, or set WHISPER_MODEL.";

    private readonly TempFolder temp = new();
    private readonly ModelOptions options;

    public ModelLocatorTests()
    {
        options = new ModelOptions { ModelsFolder = temp.Folder("models") };
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Nothing_configured_tells_exactly_what_to_do()
    {
        var result = ModelLocator.Resolve(options, null);

        Assert.Null(result.Path);
        Assert.Equal(ModelOrigin.None, result.Origin);
        Assert.Equal(NothingConfigured, result.Message);
    }

    [Fact]
    public void Blank_settings_count_as_unset()
    {
        options.ActiveModel = "  ";

        var result = ModelLocator.Resolve(options, "");

        Assert.Equal(NothingConfigured, result.Message);
    }

    [Fact]
    public void An_active_model_path_wins_over_downloaded_models_and_the_environment()
    {
        var own = Write(temp.File("own model.bin"), 1);
        Write(options.PathFor("small"), 10);
        options.ActiveModel = own;

        var result = ModelLocator.Resolve(options, Write(temp.File("env.bin"), 1));

        Assert.Equal(own, result.Path);
        Assert.Equal(ModelOrigin.ActiveModelPath, result.Origin);
    }

    [Fact]
    public void An_active_model_name_wins_over_larger_downloaded_models_and_the_environment()
    {
        var small = Write(options.PathFor("small"), 1);
        Write(options.PathFor("large-v3-turbo"), 10);
        options.ActiveModel = "small";

        var result = ModelLocator.Resolve(options, Write(temp.File("env.bin"), 1));

        Assert.Equal(small, result.Path);
        Assert.Equal(ModelOrigin.ActiveModelName, result.Origin);
    }

    [Fact]
    public void An_active_model_file_name_is_looked_up_in_the_models_folder()
    {
        var file = Write(Path.Combine(options.ModelsFolder, "ggml-model.bin"), 1);
        options.ActiveModel = "ggml-model.bin";

        var result = ModelLocator.Resolve(options, null);

        Assert.Equal(file, result.Path);
        Assert.Equal(ModelOrigin.ActiveModelPath, result.Origin);
    }

    [Fact]
    public void Without_an_active_model_the_largest_downloaded_catalog_model_wins_over_the_environment()
    {
        Write(options.PathFor("base"), 2);
        var turbo = Write(options.PathFor("large-v3-turbo"), 30);
        Write(options.PathFor("nb-whisper-small"), 20);
        Write(Path.Combine(options.ModelsFolder, "ggml-not-in-catalog.bin"), 100);

        var result = ModelLocator.Resolve(options, Write(temp.File("env.bin"), 1));

        Assert.Equal(turbo, result.Path);
        Assert.Equal(ModelOrigin.Downloaded, result.Origin);
    }

    [Fact]
    public void The_environment_variable_is_the_last_resort()
    {
        var env = Write(temp.File("tiny model.bin"), 1);

        var result = ModelLocator.Resolve(options, env);

        Assert.Equal(env, result.Path);
        Assert.Equal(ModelOrigin.EnvironmentVariable, result.Origin);
        Assert.Equal($"Using WHISPER_MODEL: {env}", result.Message);
    }

    [Fact]
    public void An_active_model_that_is_not_downloaded_falls_back_and_says_so()
    {
        options.ActiveModel = "nb-whisper-small";
        var env = Write(temp.File("env.bin"), 1);

        var result = ModelLocator.Resolve(options, env);

        Assert.Equal(env, result.Path);
        Assert.Equal(
            $"Model 'nb-whisper-small' is not downloaded (expected {options.PathFor("nb-whisper-small")}). Using WHISPER_MODEL instead: {env}",
            result.Message);
    }

    [Fact]
    public void A_catalog_model_that_is_not_downloaded_is_the_one_suggested()
    {
        options.ActiveModel = "nb-whisper-small";

        var result = ModelLocator.Resolve(options, null);

        Assert.Null(result.Path);
        Assert.Equal(
            $"Model 'nb-whisper-small' is not downloaded (expected {options.PathFor("nb-whisper-small")}). Run `fremskritt models download nb-whisper-small` (needs internet), or set Transcription:Models:ActiveModel to the path of a ggml model file, or set WHISPER_MODEL.",
            result.Message);
    }

    [Fact]
    public void Missing_paths_in_both_settings_are_named_in_one_line()
    {
        var missing = temp.File("gone/ggml-x.bin");
        var missingEnv = temp.File("also gone.bin");
        options.ActiveModel = missing;

        var result = ModelLocator.Resolve(options, missingEnv);

        Assert.Null(result.Path);
        Assert.Equal(
            $"Transcription:Models:ActiveModel points to {missing}, which does not exist. WHISPER_MODEL is set to {missingEnv}, which does not exist. Run `fremskritt models download small` (needs internet), or set Transcription:Models:ActiveModel to the path of a ggml model file, or set WHISPER_MODEL.",
            result.Message);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_catalog()
    {
        options.ActiveModel = "medium";

        var result = ModelLocator.Resolve(options, null);

        Assert.Null(result.Path);
        Assert.Contains("'medium' is not in the catalog (base, small, large-v3-turbo, nb-whisper-base, nb-whisper-small)", result.Message, StringComparison.Ordinal);
    }

    private static string Write(string path, int bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }
}
