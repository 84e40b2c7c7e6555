using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests.Models;

public sealed class ModelListTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Lists_catalog_models_with_their_state_then_other_model_files()
    {
        var options = new ModelOptions { ModelsFolder = temp.Folder("models") };
        File.WriteAllBytes(options.PathFor("small"), new byte[5]);
        File.WriteAllBytes(ModelDownloader.PartialPathFor(options.PathFor("base")), new byte[3]);
        File.WriteAllBytes(Path.Combine(options.ModelsFolder, "ggml-eget.bin"), new byte[7]);
        File.WriteAllBytes(Path.Combine(options.ModelsFolder, "whisper-nb.bin"), new byte[2]);
        File.WriteAllText(Path.Combine(options.ModelsFolder, "notes.txt"), "not a model");
        options.Catalog["base"].Url += "?token=hemmelig";

        var entries = ModelList.Build(options);

        Assert.Equal(
            ["base", "large-v3-turbo", "nb-whisper-base", "nb-whisper-small", "small", "eget", "whisper-nb.bin"],
            entries.Select(entry => entry.Name));
        var small = entries.Single(entry => entry.Name == "small");
        Assert.True(small.Downloaded);
        Assert.Equal(5, small.Bytes);
        Assert.Equal(options.PathFor("small"), small.Path);
        var baseModel = entries.Single(entry => entry.Name == "base");
        Assert.False(baseModel.Downloaded);
        Assert.Null(baseModel.Bytes);
        Assert.Equal(3, baseModel.PartialBytes);
        Assert.Equal("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.bin", baseModel.Url);
        var own = entries.Single(entry => entry.Name == "eget");
        Assert.False(own.InCatalog);
        Assert.True(own.Downloaded);
        Assert.Equal(7, own.Bytes);
    }

    [Fact]
    public void A_missing_models_folder_lists_the_catalog_as_not_downloaded()
    {
        var options = new ModelOptions { ModelsFolder = temp.File("not yet") };

        var entries = ModelList.Build(options);

        Assert.Equal(5, entries.Count);
        Assert.All(entries, entry => Assert.False(entry.Downloaded));
        Assert.All(entries, entry => Assert.True(entry.InCatalog));
    }
}
