using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Publish.Targets;

/// <summary>
/// Azure Blob Storage through Azure.Storage.Blobs: a connection string, or an account URL with
/// DefaultAzureCredential (managed identity, Azure CLI login, environment). Large files go up in parallel blocks;
/// every request has the SDK's exponential retry policy. A blob appears only when its upload is committed.
/// </summary>
public sealed class AzureBlobTarget : IPublishTarget
{
    private readonly BlobServiceClient service;

    public AzureBlobTarget(PublishOptions options)
    {
        var azure = options.Azure;
        var clientOptions = new BlobClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = azure.MaxRetries,
                Delay = TimeSpan.FromSeconds(0.5),
                MaxDelay = TimeSpan.FromSeconds(30),
                NetworkTimeout = TimeSpan.FromMinutes(2),
            },
        };
        if (!string.IsNullOrWhiteSpace(azure.ConnectionString))
        {
            try
            {
                service = new BlobServiceClient(azure.ConnectionString, clientOptions);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The SDK's message may quote the string: never pass it on.
                throw new PublishException("Publish:Azure:ConnectionString is not a valid storage connection string");
            }
        }
        else if (Uri.TryCreate(azure.AccountUrl, UriKind.Absolute, out var accountUrl) && accountUrl.Scheme is "https" or "http")
        {
            if (accountUrl.Scheme != "https")
            {
                throw new PublishException("Publish:Azure:AccountUrl must be https:// (Azure AD sign-in is refused over plain http); for Azurite use a connection string");
            }

            if (!string.IsNullOrEmpty(accountUrl.Query))
            {
                throw new PublishException("Publish:Azure:AccountUrl must not carry a SAS token; use a connection string with SharedAccessSignature=… instead");
            }

            service = new BlobServiceClient(accountUrl, new DefaultAzureCredential(), clientOptions);
        }
        else
        {
            throw new PublishException("Azure publishing needs Publish:Azure:ConnectionString (e.g. the environment variable FREMSKRITT_Publish__Azure__ConnectionString) or Publish:Azure:AccountUrl");
        }

        PublicContainer = new AzureContainer(service.GetBlobContainerClient(options.PublicContainer), options, isPublic: true);
        PrivateContainer = new AzureContainer(service.GetBlobContainerClient(options.PrivateContainer), options, isPublic: false);
    }

    /// <summary>The account endpoint without credentials.</summary>
    public Uri Endpoint => service.Uri;

    public string Description => $"Azure Blob Storage {new UriBuilder(service.Uri) { Query = "" }.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}";

    public IBlobContainer PublicContainer { get; }

    public IBlobContainer PrivateContainer { get; }

    /// <summary>The URL the public container is read at: the default Build:BaseUrl when Azure is the target.</summary>
    public string PublicContainerUrl => new UriBuilder(((AzureContainer)PublicContainer).Client.Uri) { Query = "" }.Uri.AbsoluteUri;

    private sealed class AzureContainer(BlobContainerClient client, PublishOptions options, bool isPublic) : IBlobContainer
    {
        public BlobContainerClient Client => client;

        public string Name => client.Name;

        public async Task EnsureExistsAsync(CancellationToken cancellationToken = default)
        {
            var access = isPublic && options.Azure.AnonymousReadAccess ? PublicAccessType.Blob : PublicAccessType.None;
            try
            {
                var created = await client.CreateIfNotExistsAsync(access, cancellationToken: cancellationToken);
                if (created is not null)
                {
                    return;
                }

                BlobContainerAccessPolicy policy;
                try
                {
                    policy = (await client.GetAccessPolicyAsync(cancellationToken: cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.Status == 403 && client.CanGenerateSasUri == false)
                {
                    // An Entra identity with data-plane rights only may not read a container's ACL: the access level
                    // was set when the container was created; nothing more can be checked here.
                    return;
                }

                if (!isPublic && policy.BlobPublicAccess != PublicAccessType.None)
                {
                    throw new PublishException($"container '{Name}' allows anonymous reads; it holds original recordings and must be private (set its access level to Private)");
                }

                if (isPublic && options.Azure.AnonymousReadAccess && policy.BlobPublicAccess == PublicAccessType.None)
                {
                    // Keep the stored access policies: SAS tokens issued against them must go on working.
                    await client.SetAccessPolicyAsync(PublicAccessType.Blob, policy.SignedIdentifiers, cancellationToken: cancellationToken);
                }
            }
            catch (RequestFailedException e) when (e.ErrorCode is "PublicAccessNotPermitted")
            {
                throw new PublishException($"container '{Name}': the storage account does not allow anonymous read access; allow it, or set Publish:Azure:AnonymousReadAccess=false and serve through a CDN");
            }
        }

        public async IAsyncEnumerable<RemoteBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (!(await client.ExistsAsync(cancellationToken)).Value)
            {
                yield break;
            }

            await foreach (var item in client.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                var properties = item.Properties;
                yield return new RemoteBlob(item.Name, properties.ContentLength ?? -1, properties.ContentHash, properties.ContentType, properties.CacheControl);
            }
        }

        public async Task UploadAsync(LocalBlob blob, IProgress<long>? progress, CancellationToken cancellationToken = default)
        {
            var blockSize = Math.Max(1, options.BlockSizeMiB) * 1024L * 1024L;
            await client.GetBlobClient(blob.Name).UploadAsync(blob.LocalPath, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders
                {
                    ContentType = blob.ContentType,
                    CacheControl = blob.CacheControl,
                    ContentHash = blob.ContentMd5,
                },
                TransferOptions = new StorageTransferOptions
                {
                    InitialTransferSize = blockSize,
                    MaximumTransferSize = blockSize,
                    MaximumConcurrency = Math.Max(1, options.BlockConcurrency),
                },
                // Each request carries its MD5 and the service rejects a body that does not match.
                TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
                ProgressHandler = progress,
            }, cancellationToken);
        }

        public async Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
            await client.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
