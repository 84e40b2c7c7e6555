using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Pipeline.Watch;

/// <summary>One recording to process: which file in the (shared) ingest folder, and the SHA-256 of its archived original.</summary>
public sealed record JobMessage(string Key, string File, string Sha256);

/// <summary>A job taken from the queue: invisible to other workers until <see cref="JobQueue.VisibilityTimeout"/> passes or it is extended.</summary>
public sealed record TakenJob(JobMessage Job, string MessageId, string PopReceipt, long DequeueCount);

/// <summary>
/// The scale-out plumbing on Azure Storage (Azurite in tests): a queue of <see cref="JobMessage"/>s with a visibility
/// timeout, a poison queue for messages that failed too often, and blob leases so that two workers never process the
/// same recording (or publish at the same time).
/// </summary>
public sealed class JobQueue
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly QueueClient jobs;
    private readonly QueueClient poison;
    private readonly BlobContainerClient leases;
    private readonly QueueOptions options;

    public JobQueue(string connectionString, QueueOptions options)
    {
        this.options = options;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        jobs = new QueueClient(connectionString, options.Name, queueOptions);
        poison = new QueueClient(connectionString, options.PoisonName, queueOptions);
        leases = new BlobContainerClient(connectionString, options.LeaseContainer);
    }

    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(options.VisibilityTimeoutSeconds);

    public int MaxDequeueCount => options.MaxDequeueCount;

    /// <summary>The queues and the (private) lease container, created if missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await jobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await leases.CreateIfNotExistsAsync(Azure.Storage.Blobs.Models.PublicAccessType.None, cancellationToken: cancellationToken);
    }

    public async Task EnqueueAsync(JobMessage job, CancellationToken cancellationToken = default) =>
        await jobs.SendMessageAsync(JsonSerializer.Serialize(job, Json), cancellationToken);

    /// <summary>Takes the next job, or null when the queue is empty. A message that is not a job is moved to the poison queue.</summary>
    public async Task<TakenJob?> TakeAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            QueueMessage? message = (await jobs.ReceiveMessageAsync(VisibilityTimeout, cancellationToken)).Value;
            if (message is null)
            {
                return null;
            }

            JobMessage? job;
            try
            {
                job = JsonSerializer.Deserialize<JobMessage>(message.Body.ToString(), Json);
            }
            catch (JsonException)
            {
                job = null;
            }

            if (job is { Key.Length: > 0, File.Length: > 0, Sha256.Length: 64 } && !job.File.Contains('/', StringComparison.Ordinal) && !job.File.Contains('\\', StringComparison.Ordinal))
            {
                return new TakenJob(job, message.MessageId, message.PopReceipt, message.DequeueCount);
            }

            await poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
            await jobs.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
    }

    /// <summary>Keeps a job invisible while it is worked on; returns the new pop receipt.</summary>
    public async Task<string> ExtendAsync(TakenJob job, CancellationToken cancellationToken = default) =>
        (await jobs.UpdateMessageAsync(job.MessageId, job.PopReceipt, visibilityTimeout: VisibilityTimeout, cancellationToken: cancellationToken)).Value.PopReceipt;

    public async Task CompleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
        await jobs.DeleteMessageAsync(messageId, popReceipt, cancellationToken);

    /// <summary>Moves a job that failed too often to the poison queue.</summary>
    public async Task PoisonAsync(TakenJob job, string popReceipt, CancellationToken cancellationToken = default)
    {
        await poison.SendMessageAsync(JsonSerializer.Serialize(job.Job, Json), cancellationToken);
        await jobs.DeleteMessageAsync(job.MessageId, popReceipt, cancellationToken);
    }

    public async Task<int> PoisonCountAsync(CancellationToken cancellationToken = default) =>
        (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    /// <summary>
    /// An exclusive lease on the blob <paramref name="name"/> (made if missing), renewed in the background until
    /// disposed; null when another worker holds it.
    /// </summary>
    public async Task<Lease?> TryLeaseAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = leases.GetBlobClient(name);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Exists already (or is leased right now): fine, the lease below decides.
        }

        var client = blob.GetBlobLeaseClient();
        try
        {
            await client.AcquireAsync(TimeSpan.FromSeconds(Math.Clamp(options.LeaseSeconds, 15, 60)), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }

        return new Lease(client, TimeSpan.FromSeconds(Math.Clamp(options.LeaseSeconds, 15, 60)));
    }

    /// <summary>A held blob lease: renewed at a third of its length until disposed, then released.</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private readonly BlobLeaseClient client;
        private readonly CancellationTokenSource stop = new();
        private readonly Task renewing;

        internal Lease(BlobLeaseClient client, TimeSpan length)
        {
            this.client = client;
            renewing = RenewAsync(length / 3);
        }

        /// <summary>False once a renewal failed: the lease may be lost, and the work should not be trusted to be exclusive.</summary>
        public bool Held { get; private set; } = true;

        private async Task RenewAsync(TimeSpan every)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(every, stop.Token);
                    await client.RenewAsync(cancellationToken: stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RequestFailedException)
            {
                Held = false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
            try
            {
                await client.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Expired already: nothing to release.
            }
        }
    }
}
