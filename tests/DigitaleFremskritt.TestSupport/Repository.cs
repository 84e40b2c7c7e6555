namespace DigitaleFremskritt.TestSupport;

/// <summary>The repository the tests run from: found by walking up from the test binaries to DigitaleFremskritt.sln.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DigitaleFremskritt.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"DigitaleFremskritt.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    /// <summary>A pinned Node tool's file under node_modules (installed by scripts/setup.sh).</summary>
    public static string NodeModule(params string[] parts) => Path.Combine([Root, "node_modules", .. parts]);
}
