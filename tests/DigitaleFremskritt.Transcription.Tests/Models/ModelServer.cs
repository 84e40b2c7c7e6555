using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DigitaleFremskritt.Transcription.Tests.Models;

/// <summary>How the server answers for one path; changeable between requests.</summary>
public sealed class ServedFile(byte[] content)
{
    public byte[] Content { get; set; } = content;

    /// <summary>False: ignore Range headers and always answer 200 with the whole file.</summary>
    public bool SupportsRanges { get; set; } = true;

    /// <summary>Stop sending the body at this file offset (the Content-Length still promises the whole file).</summary>
    public long? StopAt { get; set; }

    /// <summary>At <see cref="StopAt"/>: true keeps the connection open and silent, false closes it.</summary>
    public bool HangAtStop { get; set; }
}

public sealed record ReceivedRequest(string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Range => Headers.TryGetValue("Range", out var range) ? range : null;
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (one request per connection), so downloads can be broken, stalled and
/// resumed on purpose. Never reaches beyond the loopback interface.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, ServedFile> files = new(StringComparer.Ordinal);
    private readonly Task accepting;

    public ModelServer()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public ServedFile Serve(string path, byte[] content) => files[path] = new ServedFile(content);

    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                Requests.Enqueue(request);
                var path = request.Target.Split('?')[0];
                if (!files.TryGetValue(path, out var file))
                {
                    await RespondAsync(stream, "404 Not Found", [], "no such model"u8.ToArray());
                    return;
                }

                var length = file.Content.LongLength;
                long from = 0;
                var headers = new List<string>();
                var status = "200 OK";
                if (file.SupportsRanges)
                {
                    headers.Add("Accept-Ranges: bytes");
                    if (request.Range is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                    {
                        from = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
                        if (from >= length)
                        {
                            await RespondAsync(stream, "416 Range Not Satisfiable", [$"Content-Range: bytes */{length}"], []);
                            return;
                        }

                        status = "206 Partial Content";
                        headers.Add($"Content-Range: bytes {from}-{length - 1}/{length}");
                    }
                }

                headers.Add($"Content-Length: {length - from}");
                await WriteHeadAsync(stream, status, headers);
                var end = Math.Max(from, Math.Min(length, file.StopAt ?? length));
                for (var offset = from; offset < end; offset += 65536)
                {
                    await stream.WriteAsync(file.Content.AsMemory((int)offset, (int)Math.Min(65536, end - offset)), stop.Token);
                }

                await stream.FlushAsync(stop.Token);
                if (end < length && file.HangAtStop)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away (cancelled or gave up): nothing to answer.
            }
        }
    }

    private static async Task<ReceivedRequest> ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("the client closed the connection before sending a request");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString(received.ToArray()).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).TakeWhile(line => line.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new ReceivedRequest(lines[0].Split(' ')[1], headers);
    }

    private async Task RespondAsync(NetworkStream stream, string status, List<string> headers, byte[] body)
    {
        headers.Add($"Content-Length: {body.Length}");
        await WriteHeadAsync(stream, status, headers);
        await stream.WriteAsync(body, stop.Token);
    }

    private async Task WriteHeadAsync(NetworkStream stream, string status, List<string> headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), stop.Token);
    }
}
