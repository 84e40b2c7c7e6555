using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void The_defaults_point_at_whisper_cpp_and_nb_whisper_without_invented_checksums()
    {
        var catalog = ModelCatalog.Defaults;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["base"] = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.bin",
                ["small"] = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-small.bin",
                ["large-v3-turbo"] = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-large-v3-turbo.bin",
                ["nb-whisper-base"] = "https://huggingface.co/NbAiLab/nb-whisper-base/resolve/main/ggml-model.bin",
                ["nb-whisper-small"] = "https://huggingface.co/NbAiLab/nb-whisper-small/resolve/main/ggml-model.bin",
            },
            catalog.ToDictionary(pair => pair.Key, pair => pair.Value.Url));
        Assert.All(catalog.Values, source => Assert.Null(source.Sha256));
        Assert.All(catalog.Values, source => Assert.Null(source.Bytes));
        Assert.All(catalog.Values, source => Assert.False(string.IsNullOrWhiteSpace(source.Description)));
        Assert.True(catalog.ContainsKey("SMALL"));
    }

    [Fact]
    public void Every_call_gives_a_fresh_copy()
    {
        ModelCatalog.Defaults["small"].Sha256 = "changed";
        new ModelOptions().Catalog.Remove("base");

        Assert.Null(ModelCatalog.Defaults["small"].Sha256);
        Assert.True(new ModelOptions().Catalog.ContainsKey("base"));
    }

    [Theory]
    [InlineData("small", "ggml-small.bin")]
    [InlineData("nb-whisper-small", "ggml-nb-whisper-small.bin")]
    [InlineData("large-v3_q5.0", "ggml-large-v3_q5.0.bin")]
    public void Names_become_file_names(string name, string fileName) =>
        Assert.Equal(fileName, ModelCatalog.FileNameFor(name));

    [Theory]
    [InlineData("../small")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("små")]
    public void Names_that_could_escape_the_models_folder_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => ModelCatalog.FileNameFor(name));
}
