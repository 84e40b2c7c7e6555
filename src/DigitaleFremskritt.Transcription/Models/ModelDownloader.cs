using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using DigitaleFremskritt.Content;

namespace DigitaleFremskritt.Transcription.Models;

/// <summary>How far a download is; <see cref="TotalBytes"/> is null when the server does not say.</summary>
public sealed record DownloadProgress(long BytesDone, long? TotalBytes, double BytesPerSecond);

/// <param name="Resumed">True when an earlier .partial file was continued with a Range request.</param>
/// <param name="ChecksumVerified">True when the source pinned a SHA-256 and the file matched it.</param>
public sealed record DownloadResult(string Name, string Path, long Bytes, string Sha256, bool Resumed, bool ChecksumVerified, TimeSpan Elapsed);

/// <summary>A download that failed for a reason the user can act on; the message is one line without URL query strings.</summary>
public sealed class ModelDownloadException : Exception
{
    public ModelDownloadException()
    {
    }

    public ModelDownloadException(string message)
        : base(message)
    {
    }

    public ModelDownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Downloads a model to &lt;destination&gt;.partial, resuming an earlier attempt with a Range request, checks it
/// (size, SHA-256 when pinned, ggml header) and only then renames it into place. Cancelling keeps the .partial
/// for the next attempt; the final path never holds an unchecked file.
/// </summary>
public sealed class ModelDownloader(HttpClient http, TimeSpan? stallTimeout = null)
{
    private const int BufferSize = 1 << 16;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A connection that delivers no data for this long is given up (HttpClient.Timeout does not cover the body).</summary>
    private readonly TimeSpan stall = stallTimeout ?? TimeSpan.FromSeconds(60);

    public static string PartialPathFor(string destinationPath) => Path.GetFullPath(destinationPath) + ".partial";

    public async Task<DownloadResult> DownloadAsync(
        string name,
        ModelSource source,
        string destinationPath,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var destination = Path.GetFullPath(destinationPath);
        var partial = PartialPathFor(destination);
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ModelDownloadException($"model '{name}' has no valid http(s) download URL; set Transcription:Models:Catalog:{name}:Url");
        }

        var clock = Stopwatch.StartNew();
        var failure = new Failure(name, url, destination);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"could not create the models folder for '{name}': {ex.Message}", ex);
        }

        var transfer = await TransferAsync(url, partial, failure, progress, cancellationToken);
        var bytes = new FileInfo(partial).Length;
        if (transfer.Total is { } total && bytes != total)
        {
            // Shorter: the connection ended early, keep it for a resume. Longer: the pieces do not fit together.
            if (bytes > total)
            {
                AtomicFile.TryDelete(partial);
            }

            throw failure.Error($"got {bytes} of {total} bytes");
        }

        if (source.Bytes is { } expectedBytes && bytes != expectedBytes)
        {
            AtomicFile.TryDelete(partial);
            throw new ModelDownloadException(
                $"model '{name}' from {failure.Host} is {bytes} bytes, but the catalog says {expectedBytes}; the partial download was deleted");
        }

        var sha256 = transfer.Sha256 ?? await HashAsync(partial, cancellationToken);
        var expected = ModelVerifier.NormaliseSha256(source.Sha256);
        if (expected is not null && sha256 != expected)
        {
            AtomicFile.TryDelete(partial);
            throw new ModelDownloadException(
                $"checksum mismatch for model '{name}' from {failure.Host}: expected SHA-256 {expected}, got {sha256}; the download was deleted");
        }

        if (!GgmlModelHeader.TryRead(partial, out _, out var problem))
        {
            AtomicFile.TryDelete(partial);
            throw new ModelDownloadException($"the file downloaded for model '{name}' from {failure.Host} is {problem}; the download was deleted");
        }

        File.Move(partial, destination, overwrite: true);
        return new DownloadResult(name, destination, bytes, sha256, transfer.Resumed, expected is not null, clock.Elapsed);
    }

    private async Task<Transfer> TransferAsync(Uri url, string partial, Failure failure, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(stall);
        try
        {
            using var response = await SendAsync(url, offset, failure, watchdog.Token);
            if (offset > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The .partial may already be complete (a crash between download and rename) ...
                if (response.Content.Headers.ContentRange?.Length == offset)
                {
                    return new Transfer(offset, Sha256: null, Resumed: true);
                }

                // ... or longer than the file the server has now: start again.
                AtomicFile.TryDelete(partial);
                return await TransferAsync(url, partial, failure, progress, cancellationToken);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw failure.Error($"HTTP {(int)response.StatusCode} ({response.ReasonPhrase})");
            }

            var resumed = offset > 0 && response.StatusCode == HttpStatusCode.PartialContent;
            if (resumed && response.Content.Headers.ContentRange?.From != offset)
            {
                throw failure.Error($"the server answered the resume request with range '{response.Content.Headers.ContentRange}'");
            }

            // 200 to a Range request means no range support: the body is the whole file, so start from zero.
            var start = resumed ? offset : 0;
            var total = response.Content.Headers.ContentRange?.Length
                ?? (response.Content.Headers.ContentLength is { } length ? start + length : null);

            using var hash = resumed ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var body = await response.Content.ReadAsStreamAsync(watchdog.Token);
            await using (var file = OpenPartial(partial, start, failure))
            {
                await CopyAsync(body, file, hash, start, total, watchdog, progress, failure);
            }

            return new Transfer(total, hash is null ? null : Convert.ToHexStringLower(hash.GetHashAndReset()), resumed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && watchdog.IsCancellationRequested)
        {
            throw failure.Error($"no data for {stall.TotalSeconds:0} s");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, long offset, Failure failure, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, null);
        }

        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw failure.Error(ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not the caller.
            throw failure.Error("the request timed out", ex);
        }
    }

    private static FileStream OpenPartial(string partial, long start, Failure failure)
    {
        try
        {
            // FileShare.None: a second download of the same model fails here instead of interleaving bytes.
            var file = new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = BufferSize,
            });
            file.SetLength(start);
            file.Position = start;
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"could not write model '{failure.Name}' to {partial}: {ex.Message}", ex);
        }
    }

    private async Task CopyAsync(
        Stream body,
        FileStream file,
        IncrementalHash? hash,
        long start,
        long? total,
        CancellationTokenSource watchdog,
        IProgress<DownloadProgress>? progress,
        Failure failure)
    {
        var buffer = new byte[BufferSize];
        var done = start;
        var clock = Stopwatch.StartNew();
        TimeSpan? lastReport = null;
        while (true)
        {
            watchdog.CancelAfter(stall);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, watchdog.Token);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw failure.Error($"the connection broke after {done} bytes ({ex.Message}); run the download again to resume", ex);
            }

            if (read == 0)
            {
                break;
            }

            try
            {
                await file.WriteAsync(buffer.AsMemory(0, read), watchdog.Token);
            }
            catch (IOException ex)
            {
                throw new ModelDownloadException($"could not write model '{failure.Name}' to {file.Name}: {ex.Message}", ex);
            }

            hash?.AppendData(buffer, 0, read);
            done += read;
            if (progress is not null && (lastReport is null || clock.Elapsed - lastReport >= ProgressInterval))
            {
                lastReport = clock.Elapsed;
                progress.Report(new DownloadProgress(done, total, Rate(done - start, clock.Elapsed)));
            }
        }

        progress?.Report(new DownloadProgress(done, total, Rate(done - start, clock.Elapsed)));
    }

    private static double Rate(long bytes, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? bytes / elapsed.TotalSeconds : 0;

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private sealed record Transfer(long? Total, string? Sha256, bool Resumed);

    /// <summary>Builds the one-line network error; only the host is named, so tokens in query strings never leak.</summary>
    private sealed class Failure(string name, Uri url, string destination)
    {
        public string Name => name;

        public string Host => url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";

        public ModelDownloadException Error(string reason, Exception? inner = null) =>
            new($"could not download model '{name}' from {Host}: {Scrub(reason)}; check the network or download it by hand to {destination}", inner);

        private string Scrub(string reason)
        {
            var safe = url.GetLeftPart(UriPartial.Path);
            var text = reason.ReplaceLineEndings(" ");
            foreach (var leaky in new[] { url.OriginalString, url.AbsoluteUri })
            {
                text = text.Replace(leaky, safe, StringComparison.Ordinal);
            }

            return url.Query.Length > 1 ? text.Replace(url.Query, "", StringComparison.Ordinal) : text;
        }
    }
}
