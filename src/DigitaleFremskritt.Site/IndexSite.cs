using System.Diagnostics;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Build.Feeds;

namespace DigitaleFremskritt.Site;

/// <summary>
/// Indexes the built pages with Pagefind (npm, pinned in package-lock.json) for search: Norwegian stemming comes from
/// the pages' lang="nb". Pagefind writes into a scratch folder; the files the search page needs (the JS API, its
/// WebAssembly, the index and fragments) are then written into pagefind/ of the output like every other built file,
/// so they are kept, hashed and published. Pagefind's own UI bundles are left out (the search page has its own few
/// lines of script), and so is its web worker: the search page runs Pagefind in its own thread (noWorker), which
/// spares every search one 43 kB download.
/// </summary>
public sealed class IndexSite(string pagefind, TimeSpan timeout) : IBuildStep
{
    public const string Folder = "pagefind";

    public string Name => "search index (Pagefind)";

    private static readonly string[] NotServed = ["pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
        "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"];

    /// <summary>node_modules/.bin/pagefind above the app or the content root (scripts/setup.sh installs it), or a configured path.</summary>
    public static string? Locate(string? configured, params string[] startFolders)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "pagefind");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public async Task RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"fremskritt-pagefind-{Guid.NewGuid():N}");
        try
        {
            var info = new ProcessStartInfo(pagefind) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--site", context.Result.OutputFolder, "--output-path", scratch, "--exclude-selectors", "a.t, .transcript p > a", "--quiet" })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new FeedBuildException($"{pagefind}: cannot be started");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new FeedBuildException($"pagefind did not finish indexing {context.Result.OutputFolder} within {timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0)
            {
                var message = ((await stderr) + "\n" + (await stdout)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                throw new FeedBuildException($"pagefind failed ({process.ExitCode}) indexing {context.Result.OutputFolder}: {message}");
            }

            foreach (var file in Directory.EnumerateFiles(scratch, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(scratch, file).Replace('\\', '/');
                if (NotServed.Contains(relative))
                {
                    continue;
                }

                await context.WriteAsync($"{Folder}/{relative}", await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
