using System.Globalization;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Ingest;

/// <summary>The drop folder: finds recordings and moves them to done/ or failed/ once handled. It never changes a recording's bytes.</summary>
public sealed class IngestFolder(ContentRoot root)
{
    private static readonly string[] PartialSuffixes = [".part", ".partial", ".crdownload", ".tmp", ".download", "~"];

    public string Path => root.Ingest;

    /// <summary>Recordings directly in ingest/, oldest first. Hidden files and half-downloaded names are skipped.</summary>
    public IReadOnlyList<string> FindRecordings()
    {
        if (!Directory.Exists(root.Ingest))
        {
            return [];
        }

        return new DirectoryInfo(root.Ingest)
            .EnumerateFiles()
            .Where(f => !f.Name.StartsWith('.') && !IsPartial(f.Name))
            .Where(f => RecordingFormats.IsRecording(f.Name))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.FullName)
            .ToList();
    }

    /// <summary>
    /// Files in ingest/ that are neither recordings nor sidecars: reported so nothing is silently ignored.
    /// Hidden files, error reports and half-downloaded names (a download in progress) are not reported.
    /// </summary>
    public IReadOnlyList<string> FindUnknownFiles()
    {
        if (!Directory.Exists(root.Ingest))
        {
            return [];
        }

        return Directory.EnumerateFiles(root.Ingest)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.') && !IsPartial(f))
            .Where(f => !RecordingFormats.IsRecording(f) && !IsSidecar(f))
            .Where(f => !f.EndsWith(".error.txt", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Sidecars (.yaml/.yml/.md in any letter case, not hidden) directly in ingest/ with no recording of the same stem,
    /// so they can be reported instead of lying there unnoticed. A recording still downloading ("name.wav.part") counts
    /// as a recording: its sidecar is not an orphan.
    /// </summary>
    public IReadOnlyList<string> FindOrphanSidecars()
    {
        if (!Directory.Exists(root.Ingest))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(root.Ingest).Select(f => System.IO.Path.GetFileName(f)).ToList();
        var recordingStems = files
            .Select(WithoutPartialSuffix)
            .Where(RecordingFormats.IsRecording)
            .Select(System.IO.Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.Ordinal);

        return files
            .Where(name => !name.StartsWith('.') && IsSidecar(name))
            .Where(name => !recordingStems.Contains(System.IO.Path.GetFileNameWithoutExtension(name)))
            .Select(name => System.IO.Path.Combine(root.Ingest, name))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Metadata sidecars and producer transcripts (.vtt/.srt) both travel with their recording.</summary>
    private static bool IsSidecar(string path) =>
        RecordingFormats.SidecarExtensions.Contains(System.IO.Path.GetExtension(path))
        || RecordingFormats.TranscriptExtensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>A producer's transcript beside the recording: same stem, .vtt preferred over .srt, any letter case.</summary>
    public static string? FindTranscriptFor(string recording)
    {
        var folder = System.IO.Path.GetDirectoryName(recording);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return null;
        }

        var stem = System.IO.Path.GetFileNameWithoutExtension(recording);
        return Directory.EnumerateFiles(folder)
            .Where(f => System.IO.Path.GetFileNameWithoutExtension(f) == stem)
            .Select(f => (Path: f, Rank: RecordingFormats.TranscriptExtensions.ToList().FindIndex(e => e.Equals(System.IO.Path.GetExtension(f), StringComparison.OrdinalIgnoreCase))))
            .Where(c => c.Rank >= 0)
            .OrderBy(c => c.Rank)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => c.Path)
            .FirstOrDefault();
    }

    private static bool IsPartial(string path) => PartialSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>"name.wav.part" → "name.wav"; other names unchanged.</summary>
    private static string WithoutPartialSuffix(string name)
    {
        var suffix = PartialSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        return suffix is null ? name : name[..^suffix.Length];
    }

    /// <summary>Moves the untouched recording (and its sidecar) to failed/ and writes the reason beside it.</summary>
    public async Task<string> MoveToFailedAsync(string recording, string reason, string? sha256 = null, CancellationToken cancellationToken = default)
    {
        var moved = MoveWithSidecar(recording, root.Failed);
        var text = string.Create(CultureInfo.InvariantCulture, $"{System.IO.Path.GetFileName(recording)}: {reason}\n\nfailed at: {DateTimeOffset.UtcNow:u}\n")
            + (sha256 is null ? "" : $"sha256: {sha256}\n")
            + "To retry, fix the problem and move the file back into the ingest folder.\n";
        await AtomicFile.WriteAllTextAsync(moved + ".error.txt", text, cancellationToken);
        return moved;
    }

    public string MoveToDone(string recording) => MoveWithSidecar(recording, root.Done);

    private static string MoveWithSidecar(string recording, string folder)
    {
        Directory.CreateDirectory(folder);
        var sidecar = SidecarReader.FindFor(recording);
        var target = FreeName(folder, System.IO.Path.GetFileName(recording), sidecar is null ? null : System.IO.Path.GetExtension(sidecar));
        var transcript = FindTranscriptFor(recording);
        File.Move(recording, target);
        foreach (var companion in new[] { sidecar, transcript })
        {
            var companionTarget = companion is null ? null : System.IO.Path.ChangeExtension(target, System.IO.Path.GetExtension(companion));
            if (companion is not null && !File.Exists(companionTarget))
            {
                File.Move(companion, companionTarget!);
            }
        }

        return target;
    }

    /// <summary>"name.wav", or "name (2).wav" … when the folder already has one (and its sidecar name is free too).</summary>
    private static string FreeName(string folder, string fileName, string? sidecarExtension)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var extension = System.IO.Path.GetExtension(fileName);
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? stem : $"{stem} ({n})";
            var candidate = System.IO.Path.Combine(folder, name + extension);
            var sidecarTaken = sidecarExtension is not null && File.Exists(System.IO.Path.Combine(folder, name + sidecarExtension));
            if (!File.Exists(candidate) && !File.Exists(candidate + ".error.txt") && !sidecarTaken)
            {
                return candidate;
            }
        }
    }
}
