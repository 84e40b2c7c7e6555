using System.Text.RegularExpressions;

namespace DigitaleFremskritt.Publish;

/// <summary>A publish cannot go on: one line, free of secrets.</summary>
public sealed class PublishException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Removes storage secrets (account keys, SAS signatures, connection strings) from text bound for logs or errors.</summary>
public sealed partial class SecretRedactor
{
    private readonly List<string> secrets = [];

    /// <summary>Remembers the secret parts of a connection string (AccountKey, SharedAccessSignature) and the string itself.</summary>
    public SecretRedactor(string? connectionString = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        secrets.Add(connectionString);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim() is var key
                && (key.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) || key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)))
            {
                var value = part[(equals + 1)..].Trim();
                if (value.Length >= 8)
                {
                    secrets.Add(value);
                }
            }
        }

        secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    public string Redact(string text)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        text = KeyValueSecret().Replace(text, m => m.Groups[1].Value + "=[redacted]");
        return SasSignature().Replace(text, m => m.Groups[1].Value + "[redacted]");
    }

    [GeneratedRegex(@"(AccountKey|SharedAccessSignature|SharedAccessKey)\s*=\s*[^;\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"([?&]sig=)[^&\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex SasSignature();
}
