// The bare uploader, the reference of scripts/bench/publish.sh:
//
//   publish-bare CONNECTION_STRING PUBLIC_CONTAINER PRIVATE_CONTAINER OUT_DIR MEDIA_DIR [CONCURRENCY]
//
// Uploads, into the two containers (created first; the script passes fresh names):
//   public:  every file under OUT_DIR (the build output) as its relative path, and every file under MEDIA_DIR (the
//            content root's media store) except media/originals as "media/<relative path>";
//   private: every file directly in MEDIA_DIR/originals, as its file name.
// Names with a part starting with '.' are skipped (the build's marker file, the MD5 cache, the store's work folder),
// as `fremskritt publish` skips them. Exactly: BlobServiceClient(connection string), CreateIfNotExistsAsync on both
// containers, then Parallel.ForEachAsync over all files (largest first) with MaxDegreeOfParallelism = CONCURRENCY
// (default 4) calling BlobClient.UploadAsync(path, BlobUploadOptions) with the project's transfer options (8 MiB
// single-shot/block size, 4 blocks in parallel) and nothing else: no listing, no diffing, no Content-MD5, no headers.
// Prints: files N, bytes B, seconds S (in process, after runtime startup).
using System.Diagnostics;
using System.Globalization;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

if (args.Length is < 5 or > 6)
{
    Console.Error.WriteLine("usage: publish-bare CONNECTION_STRING PUBLIC_CONTAINER PRIVATE_CONTAINER OUT_DIR MEDIA_DIR [CONCURRENCY]");
    return 2;
}

var (connection, publicName, privateName, outDir, mediaDir) = (args[0], args[1], args[2], Path.GetFullPath(args[3]), Path.GetFullPath(args[4]));
var concurrency = args.Length == 6 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 4;
var originalsDir = Path.Combine(mediaDir, "originals");

var clock = Stopwatch.StartNew();
var service = new BlobServiceClient(connection);
var publicContainer = service.GetBlobContainerClient(publicName);
var privateContainer = service.GetBlobContainerClient(privateName);
await publicContainer.CreateIfNotExistsAsync();
await privateContainer.CreateIfNotExistsAsync();

var files = new List<(BlobContainerClient Container, string Name, string Path, long Bytes)>();
foreach (var path in Files(outDir))
{
    files.Add((publicContainer, Relative(outDir, path), path, new FileInfo(path).Length));
}

foreach (var path in Files(mediaDir))
{
    if (!path.StartsWith(originalsDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
    {
        files.Add((publicContainer, "media/" + Relative(mediaDir, path), path, new FileInfo(path).Length));
    }
}

foreach (var path in Directory.EnumerateFiles(originalsDir).Where(p => !Path.GetFileName(p).StartsWith('.')))
{
    files.Add((privateContainer, Path.GetFileName(path), path, new FileInfo(path).Length));
}

const long BlockSize = 8L << 20;
await Parallel.ForEachAsync(files.OrderByDescending(f => f.Bytes), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (file, ct) =>
{
    await file.Container.GetBlobClient(file.Name).UploadAsync(file.Path, new BlobUploadOptions
    {
        TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = 4 },
    }, ct);
});

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"files {files.Count}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes {files.Sum(f => f.Bytes)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds {clock.Elapsed.TotalSeconds:F2}"));
return 0;

static IEnumerable<string> Files(string root) =>
    Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Where(path => !Relative(root, path).Split('/').Any(part => part.StartsWith('.')))
        .Order(StringComparer.Ordinal);

static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
