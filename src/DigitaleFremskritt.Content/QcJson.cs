using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content;

public static class QcJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(QcReport report) => JsonSerializer.Serialize(report, Options);

    public static QcReport Deserialize(string json) => JsonSerializer.Deserialize<QcReport>(json, Options)!;
}
