using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Publish.Targets;

/// <summary>Creates the configured target (Publish:Target) and the base URL feeds should point at.</summary>
public static class PublishTargets
{
    public static IPublishTarget Create(FremskrittOptions options, ContentRoot root)
    {
        var publish = options.Publish;
        CheckContainerName(publish.PublicContainer, "Publish:PublicContainer");
        CheckContainerName(publish.PrivateContainer, "Publish:PrivateContainer");
        if (string.Equals(publish.PublicContainer, publish.PrivateContainer, StringComparison.Ordinal))
        {
            throw new PublishException("Publish:PublicContainer and Publish:PrivateContainer must differ: originals never go in the public container");
        }

        return publish.Target switch
        {
            PublishTargetKind.Azure => new AzureBlobTarget(publish),
            _ => new LocalFolderTarget(LocalFolder(options, root), publish.PublicContainer, publish.PrivateContainer),
        };
    }

    public static string LocalFolder(FremskrittOptions options, ContentRoot root) =>
        Path.GetFullPath(Path.Combine(root.Path, string.IsNullOrWhiteSpace(options.Publish.Local.Folder) ? "published" : options.Publish.Local.Folder));

    /// <summary>Build:BaseUrl when set; for Azure, the public container's URL; else the local preview server's address.</summary>
    public static string? DefaultBaseUrl(FremskrittOptions options, IPublishTarget target) =>
        options.Build.BaseUrl ?? (target is AzureBlobTarget azure ? azure.PublicContainerUrl : null);

    /// <summary>Azure's rules: 3–63 characters, lowercase letters, digits and single hyphens, starting with a letter or digit; or $web.</summary>
    public static void CheckContainerName(string name, string setting)
    {
        // $web is the container Azure's static website feature serves (with index.html for folder URLs).
        var valid = name == "$web" || name.Length is >= 3 and <= 63
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new PublishException($"{setting} '{name}' is not a valid container name (3–63 lowercase letters, digits and single hyphens)");
        }
    }
}
