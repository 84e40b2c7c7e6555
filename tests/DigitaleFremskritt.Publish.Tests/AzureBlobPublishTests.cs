using System.Net;
using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Publish.Targets;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Publish.Tests;

/// <summary>Publishing to real Azurite over HTTP. Each test uses its own containers, so they share one server.</summary>
public sealed class AzureBlobPublishTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly TestContent content = new();
    private readonly string publicContainer = "pub-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string privateContainer = "orig-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => content.Dispose();

    private Publishing Azure(string? connectionString = null, int maxRetries = 2)
    {
        content.Options.Publish = new PublishOptions
        {
            Target = PublishTargetKind.Azure,
            PublicContainer = publicContainer,
            PrivateContainer = privateContainer,
            BlockSizeMiB = 1,
            Azure = new AzurePublishOptions { ConnectionString = connectionString ?? azurite.ConnectionString, MaxRetries = maxRetries },
        };
        var target = new AzureBlobTarget(content.Options.Publish);
        content.Options.Build.BaseUrl = target.PublicContainerUrl;
        return new Publishing(content, target);
    }

    private BlobContainerClient Container(string name) => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(name);

    [Fact]
    public async Task Every_blob_has_its_content_type_cache_control_and_md5_and_a_republish_uploads_nothing()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await content.AddEpisodeAsync("seminar-tjenestedesign", "seminar", audioBytes: 1_300_000);
        var publishing = Azure();

        var (build, first) = await publishing.RunAsync();

        var blobs = new Dictionary<string, Azure.Storage.Blobs.Models.BlobItemProperties>();
        await foreach (var item in Container(publicContainer).GetBlobsAsync())
        {
            blobs[item.Name] = item.Properties;
        }

        Assert.Equal(first.Uploads.Count(u => u.Container == publicContainer), blobs.Count);
        foreach (var media in build.Media)
        {
            var properties = blobs[media.Name];
            Assert.Equal(media.Bytes, properties.ContentLength);
            Assert.Equal(Md5.Of(await File.ReadAllBytesAsync(media.LocalPath)), properties.ContentHash);
            Assert.Equal("public, max-age=31536000, immutable", properties.CacheControl);
        }

        var mp4 = build.Media.Single(m => m.Name.EndsWith(".mp4", StringComparison.Ordinal));
        Assert.True(mp4.Bytes > 1024 * 1024, "the video is larger than one block, so it goes up in parallel blocks");
        Assert.Equal("video/mp4", blobs[mp4.Name].ContentType);
        Assert.Equal("audio/mpeg", blobs[build.Media.First(m => m.Name.EndsWith(".mp3", StringComparison.Ordinal)).Name].ContentType);
        Assert.Equal("application/rss+xml; charset=utf-8", blobs["feeds/seminar.xml"].ContentType);
        Assert.Equal("public, max-age=300", blobs["feeds/seminar-audio.xml"].CacheControl);
        Assert.Equal("text/vtt; charset=utf-8", blobs["episodes/gevinster/transcript.vtt"].ContentType);
        Assert.Equal("application/x-subrip", blobs["episodes/gevinster/transcript.srt"].ContentType);
        Assert.Equal("application/json+chapters", blobs["episodes/gevinster/chapters.json"].ContentType);
        var feedBytes = (await Container(publicContainer).GetBlobClient("feeds/podcast.xml").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(build.OutputFolder, "feeds/podcast.xml")), feedBytes);
        Assert.Equal(Md5.Of(feedBytes), blobs["feeds/podcast.xml"].ContentHash);

        var progress = publishing.Events.Where(e => e.Name == mp4.Name).Select(e => e.BytesDone).ToList();
        Assert.Equal(mp4.Bytes, progress[^1]);
        Assert.Equal(progress.Order(), progress);

        var (_, second) = await publishing.RunAsync();
        Assert.Empty(second.Uploads);
        Assert.Equal(0, second.UploadedBytes);
    }

    [Fact]
    public async Task Listeners_can_get_head_and_range_request_an_enclosure_but_not_the_originals()
    {
        await content.AddEpisodeAsync("gevinster", "podcast", audioBytes: 200_000);
        var (build, _) = await Azure().RunAsync();
        var feed = await File.ReadAllBytesAsync(Path.Combine(build.OutputFolder, "feeds/podcast.xml"));
        var enclosure = LocalFolderPublishTests.Enclosures(feed).Single();
        var expected = await File.ReadAllBytesAsync(build.Media.Single(m => enclosure.EndsWith(m.Name, StringComparison.Ordinal)).LocalPath);
        using var http = new HttpClient();

        var get = await http.GetAsync(new Uri(enclosure));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("audio/mpeg", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, await get.Content.ReadAsByteArrayAsync());

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, enclosure));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(expected.Length, head.Content.Headers.ContentLength);
        Assert.Contains("bytes", head.Headers.AcceptRanges);

        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, enclosure);
        rangeRequest.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var range = await http.SendAsync(rangeRequest);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(expected.AsSpan(1000, 1000).ToArray(), await range.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected.Length, range.Content.Headers.ContentRange?.Length);

        var original = build.Originals.Single();
        Assert.True(await Container(privateContainer).GetBlobClient(original.Name).ExistsAsync());
        using var anonymous = await http.GetAsync(new Uri($"{azurite.BlobEndpoint}/{privateContainer}/{original.Name}"));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        using var notInPublic = await http.GetAsync(new Uri($"{azurite.BlobEndpoint}/{publicContainer}/{original.Name}"));
        Assert.Equal(HttpStatusCode.NotFound, notInPublic.StatusCode);
    }

    [Fact]
    public async Task An_interrupted_publish_leaves_the_old_feed_pointing_at_existing_media_and_a_rerun_completes()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        var publishing = Azure();
        await publishing.RunAsync();
        var feedBlob = Container(publicContainer).GetBlobClient("feeds/podcast.xml");
        var oldFeed = (await feedBlob.DownloadContentAsync()).Value.Content.ToArray();

        await content.AddEpisodeAsync("endringsledelse", "podcast", date: new DateOnly(2026, 2, 1), audioBytes: 2_500_000);
        using var cancel = new CancellationTokenSource();
        var interrupted = new Publishing(content, new LocalFolderPublishTests.CancelAfterFirstUpload(publishing.Target, cancel));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(cancellationToken: cancel.Token));

        Assert.Equal(oldFeed, (await feedBlob.DownloadContentAsync()).Value.Content.ToArray());
        using var http = new HttpClient();
        foreach (var url in LocalFolderPublishTests.Enclosures(oldFeed))
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        var (_, rerun) = await publishing.RunAsync();
        Assert.Contains(rerun.Uploads, u => u.Name == "feeds/podcast.xml");
        var newFeed = (await feedBlob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(2, LocalFolderPublishTests.Enclosures(newFeed).Count);
        foreach (var url in LocalFolderPublishTests.Enclosures(newFeed))
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        Assert.Empty((await publishing.RunAsync()).Report.Uploads);
    }

    [Fact]
    public async Task A_wrong_account_key_fails_with_one_line_that_never_shows_the_key()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        const string wrongKey = "V3J5U2VjcmV0S2V5VGhhdE11c3ROZXZlckFwcGVhckluTG9nczEyMzQ1Njc4OTA=";
        var connectionString = azurite.ConnectionString.Replace(Azurite.AccountKey, wrongKey, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<PublishException>(() => Azure(connectionString, maxRetries: 0).RunAsync());

        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey[..20], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_container_made_public_by_hand_is_refused_and_stored_access_policies_survive()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        var identifiers = new[]
        {
            new global::Azure.Storage.Blobs.Models.BlobSignedIdentifier
            {
                Id = "lesetilgang",
                AccessPolicy = new global::Azure.Storage.Blobs.Models.BlobAccessPolicy { PolicyExpiresOn = DateTimeOffset.UtcNow.AddDays(30), Permissions = "r" },
            },
        };
        await Container(publicContainer).CreateAsync(global::Azure.Storage.Blobs.Models.PublicAccessType.None);
        await Container(publicContainer).SetAccessPolicyAsync(global::Azure.Storage.Blobs.Models.PublicAccessType.None, identifiers);
        var publishing = Azure();

        await publishing.RunAsync();

        var policy = (await Container(publicContainer).GetAccessPolicyAsync()).Value;
        Assert.Equal(global::Azure.Storage.Blobs.Models.PublicAccessType.Blob, policy.BlobPublicAccess);
        Assert.Equal("lesetilgang", Assert.Single(policy.SignedIdentifiers).Id);

        await Container(privateContainer).SetAccessPolicyAsync(global::Azure.Storage.Blobs.Models.PublicAccessType.Blob);
        var error = await Assert.ThrowsAsync<PublishException>(() => publishing.RunAsync());
        Assert.Contains($"container '{privateContainer}' allows anonymous reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_url_must_be_https_and_carry_no_sas_token()
    {
        content.Options.Publish.Azure.AccountUrl = "http://konto.blob.core.windows.net";
        Assert.Contains("https", Assert.Throws<PublishException>(() => new AzureBlobTarget(content.Options.Publish)).Message, StringComparison.Ordinal);

        content.Options.Publish.Azure.AccountUrl = "https://konto.blob.core.windows.net/?sv=2024-01-01&sig=SECRETSIGNATURE";
        var error = Assert.Throws<PublishException>(() => new AzureBlobTarget(content.Options.Publish));
        Assert.DoesNotContain("SECRETSIGNATURE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_quoting_it()
    {
        content.Options.Publish.Azure.ConnectionString = "AccountName=x;AccountKey=c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=;this is not valid";

        var error = Assert.Throws<PublishException>(() => new AzureBlobTarget(content.Options.Publish));

        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SecretRedactorTests
{
    [Fact]
    public void Removes_account_keys_sas_signatures_and_the_configured_secrets()
    {
        var redactor = new SecretRedactor("DefaultEndpointsProtocol=https;AccountName=konto;AccountKey=S2V5S2V5S2V5S2V5;EndpointSuffix=core.windows.net");

        var text = redactor.Redact("failed: AccountKey=S2V5S2V5S2V5S2V5 and S2V5S2V5S2V5S2V5 at https://konto.blob.core.windows.net/c/b?sv=2024&sig=abc%2Fdef&se=1 SharedAccessSignature=sv=1&sig=x");

        Assert.DoesNotContain("S2V5S2V5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc%2Fdef", text, StringComparison.Ordinal);
        Assert.Contains("konto.blob.core.windows.net", text, StringComparison.Ordinal);
    }
}
