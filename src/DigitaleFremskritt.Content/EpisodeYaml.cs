using System.Globalization;
using DigitaleFremskritt.Domain;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace DigitaleFremskritt.Content;

/// <summary>episode.yaml: camelCase keys, multi-line text as literal blocks so producers can edit it comfortably.</summary>
public static class EpisodeYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DateOnlyYamlConverter())
        .WithTypeConverter(new DateTimeOffsetYamlConverter())
        .WithEventEmitter(next => new LiteralMultilineEmitter(next))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DateOnlyYamlConverter())
        .WithTypeConverter(new DateTimeOffsetYamlConverter())
        .IgnoreUnmatchedProperties()
        .Build();

    public static string Serialize(Episode episode) => Serializer.Serialize(episode);

    public static Episode Deserialize(string yaml) => Deserializer.Deserialize<Episode>(yaml) ?? new Episode();

    private sealed class LiteralMultilineEmitter(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal))
            {
                eventInfo = new ScalarEventInfo(eventInfo.Source) { Style = ScalarStyle.Literal };
            }

            base.Emit(eventInfo, emitter);
        }
    }
}

/// <summary>Dates as plain ISO yyyy-MM-dd.</summary>
public sealed class DateOnlyYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(DateOnly);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        var text = scalar.Value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dateTime))
        {
            return DateOnly.FromDateTime(dateTime.UtcDateTime);
        }

        throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not a date (use yyyy-mm-dd)");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(((DateOnly)value!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}

/// <summary>Timestamps as ISO 8601 with offset.</summary>
public sealed class DateTimeOffsetYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(DateTimeOffset);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        return DateTimeOffset.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a timestamp");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(((DateTimeOffset)value!).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture)));
}
