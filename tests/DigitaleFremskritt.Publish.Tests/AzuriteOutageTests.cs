using Azure.Storage.Blobs;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Publish.Targets;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Publish.Tests;

/// <summary>Stops its own Azurite mid-test, so it does not share one with other classes.</summary>
public sealed class AzuriteOutageTests : IAsyncLifetime, IDisposable
{
    private readonly Azurite azurite = new();
    private readonly TestContent content = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    public void Dispose()
    {
        azurite.Dispose();
        content.Dispose();
    }

    [Fact]
    public async Task Storage_down_fails_cleanly_and_publishing_again_after_it_is_back_completes()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        content.Options.Publish = new PublishOptions
        {
            Target = PublishTargetKind.Azure,
            Azure = new AzurePublishOptions { ConnectionString = azurite.ConnectionString, MaxRetries = 1 },
        };
        var target = new AzureBlobTarget(content.Options.Publish);
        content.Options.Build.BaseUrl = target.PublicContainerUrl;
        var publishing = new Publishing(content, target);
        await azurite.StopAsync();

        var error = await Assert.ThrowsAsync<PublishException>(() => publishing.RunAsync());
        Assert.DoesNotContain(Azurite.AccountKey, error.Message, StringComparison.Ordinal);

        await azurite.StartAsync();
        var (build, report) = await publishing.RunAsync();
        Assert.NotEmpty(report.Uploads);
        var feed = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("public").GetBlobClient("feeds/podcast.xml");
        Assert.True(await feed.ExistsAsync());
        Assert.Empty((await publishing.RunAsync()).Report.Uploads);
        Assert.NotEmpty(build.Media);
    }
}
