namespace DigitaleFremskritt.TestSupport;

/// <summary>A fresh folder per test (names with a space and æøå on purpose), removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "fremskritt test æøå")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix} {Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Folder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                System.IO.File.SetAttributes(file, FileAttributes.Normal);
                if (!OperatingSystem.IsWindows())
                {
                    System.IO.File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
