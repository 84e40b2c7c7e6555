using System.Security.Cryptography;
using System.Text;

namespace DigitaleFremskritt.Build.Feeds;

/// <summary>
/// podcast:guid as the Podcasting 2.0 namespace defines it: a UUIDv5 (RFC 9562, SHA-1) of the feed URL with the
/// scheme and trailing slashes removed, in the namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6.
/// </summary>
public static class PodcastGuid
{
    public static readonly Guid Namespace = new("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

    public static Guid ForFeedUrl(string feedUrl)
    {
        var name = feedUrl.Trim();
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            name = name[(scheme + 3)..];
        }

        return UuidV5(Namespace, name.TrimEnd('/'));
    }

    public static Guid UuidV5(Guid ns, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what UUIDv5 is defined with; this is an identifier, not a security use.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
