using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests.Models;

/// <summary>Real HTTP against <see cref="ModelServer"/> on 127.0.0.1, real files, a real (tiny) ggml model.</summary>
public sealed class ModelDownloaderTests : IAsyncLifetime, IDisposable
{
    private const string ModelPath = "/ggml-small.bin";
    private readonly TempFolder temp = new();
    private readonly ModelServer server = new();
    private readonly HttpClient http = new();
    private readonly byte[] model;
    private readonly string destination;

    public ModelDownloaderTests()
    {
        model = File.ReadAllBytes(TinyWhisperModel.Write(temp.File("source.bin")));
        destination = Path.Combine(temp.Folder("models"), "ggml-small.bin");
    }

    private string Partial => destination + ".partial";

    private string ModelSha256 => Convert.ToHexStringLower(SHA256.HashData(model));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Full_download_with_a_matching_checksum_lands_at_the_destination()
    {
        server.Serve(ModelPath, model);
        var reports = new List<DownloadProgress>();

        var result = await Downloader().DownloadAsync("small", Source(ModelSha256.ToUpperInvariant()), destination, new InlineProgress<DownloadProgress>(reports.Add));

        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
        Assert.False(File.Exists(Partial));
        Assert.Equal(ModelSha256, result.Sha256);
        Assert.True(result.ChecksumVerified);
        Assert.False(result.Resumed);
        Assert.Equal(model.LongLength, result.Bytes);
        var request = Assert.Single(server.Requests);
        Assert.Null(request.Range);
        var last = reports[^1];
        Assert.Equal(model.LongLength, last.BytesDone);
        Assert.Equal(model.LongLength, last.TotalBytes);
        Assert.True(last.BytesPerSecond > 0);
    }

    [Fact]
    public async Task Checksum_mismatch_names_the_model_and_both_hashes_and_leaves_no_file()
    {
        server.Serve(ModelPath, model);
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", Source(wrong), destination));

        Assert.Contains("'small'", error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelSha256, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task An_interrupted_download_is_resumed_with_a_range_request()
    {
        server.Serve(ModelPath, model);
        var half = model.Length / 2;
        await File.WriteAllBytesAsync(Partial, model[..half]);

        var result = await Downloader().DownloadAsync("small", Source(ModelSha256), destination);

        Assert.Equal($"bytes={half}-", Assert.Single(server.Requests).Range);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
        Assert.True(result.Resumed);
        Assert.True(result.ChecksumVerified);
        Assert.Equal(ModelSha256, result.Sha256);
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task A_server_without_range_support_restarts_from_zero()
    {
        server.Serve(ModelPath, model).SupportsRanges = false;
        // Bytes that differ from the model: appending the full body to them would corrupt the file.
        await File.WriteAllBytesAsync(Partial, new byte[model.Length / 3]);

        var result = await Downloader().DownloadAsync("small", Source(ModelSha256), destination);

        Assert.NotNull(Assert.Single(server.Requests).Range);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
        Assert.False(result.Resumed);
        Assert.True(result.ChecksumVerified);
    }

    [Fact]
    public async Task A_partial_that_is_already_complete_is_finished_without_downloading_again()
    {
        server.Serve(ModelPath, model);
        await File.WriteAllBytesAsync(Partial, model);

        var result = await Downloader().DownloadAsync("small", Source(ModelSha256), destination);

        Assert.Equal($"bytes={model.Length}-", Assert.Single(server.Requests).Range);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
        Assert.True(result.Resumed);
    }

    [Fact]
    public async Task Not_found_is_one_clear_line_without_the_query_string()
    {
        var source = new ModelSource { Url = server.Url("/missing/ggml-small.bin?token=hemmelig-123&expires=9") };

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", source, destination));

        Assert.Equal(
            $"could not download model 'small' from 127.0.0.1:{server.Port}: HTTP 404 (Not Found); check the network or download it by hand to {destination}",
            error.Message);
        Assert.Equal("/missing/ggml-small.bin?token=hemmelig-123&expires=9", Assert.Single(server.Requests).Target);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task A_refused_connection_is_a_download_error_without_the_query_string()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var source = new ModelSource { Url = $"http://127.0.0.1:{port}/ggml-small.bin?sig=hemmelig-123" };

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", source, destination));

        Assert.StartsWith($"could not download model 'small' from 127.0.0.1:{port}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; check the network or download it by hand to {destination}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hemmelig", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Cancelling_keeps_the_partial_file_and_a_later_download_resumes_it()
    {
        var served = server.Serve(ModelPath, model);
        served.StopAt = model.Length / 2;
        served.HangAtStop = true;
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<DownloadProgress>(report =>
        {
            if (report.BytesDone > 0)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Downloader().DownloadAsync("small", Source(ModelSha256), destination, progress, cancel.Token));

        Assert.False(File.Exists(destination));
        var kept = new FileInfo(Partial).Length;
        Assert.InRange(kept, 1, model.Length / 2);

        served.StopAt = null;
        var result = await Downloader().DownloadAsync("small", Source(ModelSha256), destination);

        Assert.Equal($"bytes={kept}-", server.Requests.Last().Range);
        Assert.True(result.Resumed);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task A_broken_connection_keeps_the_partial_file_for_a_resume()
    {
        var served = server.Serve(ModelPath, model);
        served.StopAt = model.Length / 3;

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", Source(ModelSha256), destination));

        Assert.Contains("run the download again to resume", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.Equal(model.Length / 3, new FileInfo(Partial).Length);

        served.StopAt = null;
        var result = await Downloader().DownloadAsync("small", Source(ModelSha256), destination);

        Assert.Equal($"bytes={model.Length / 3}-", server.Requests.Last().Range);
        Assert.True(result.Resumed);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task A_stalled_server_is_given_up_and_the_partial_file_kept()
    {
        var served = server.Serve(ModelPath, model);
        served.StopAt = model.Length / 4;
        served.HangAtStop = true;

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader(TimeSpan.FromMilliseconds(400)).DownloadAsync("small", Source(null), destination));

        Assert.Contains("no data for", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.Equal(model.Length / 4, new FileInfo(Partial).Length);
    }

    [Fact]
    public async Task A_web_page_instead_of_a_model_is_rejected_without_a_checksum()
    {
        server.Serve(ModelPath, "<!DOCTYPE html><html><body>Log in to continue</body></html>"u8.ToArray());

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", Source(null), destination));

        Assert.Contains("not a ggml Whisper model", error.Message, StringComparison.Ordinal);
        Assert.Contains("web page", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(Partial));
    }

    [Fact]
    public async Task Without_a_pinned_checksum_a_ggml_model_is_accepted_and_its_hash_reported()
    {
        server.Serve(ModelPath, model);
        await File.WriteAllBytesAsync(destination, [1, 2, 3]);

        var result = await Downloader().DownloadAsync("small", Source(null), destination);

        Assert.False(result.ChecksumVerified);
        Assert.Equal(ModelSha256, result.Sha256);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task A_size_that_differs_from_the_catalog_is_rejected()
    {
        server.Serve(ModelPath, model);
        var source = Source(null);
        source.Bytes = model.Length + 1;

        var error = await Assert.ThrowsAsync<ModelDownloadException>(
            () => Downloader().DownloadAsync("small", source, destination));

        Assert.Contains($"{model.Length} bytes", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(Partial));
    }

    private ModelDownloader Downloader(TimeSpan? stallTimeout = null) => new(http, stallTimeout);

    private ModelSource Source(string? sha256) => new() { Url = server.Url(ModelPath), Sha256 = sha256 };
}
