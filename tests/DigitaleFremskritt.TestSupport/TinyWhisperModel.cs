using System.Text;

namespace DigitaleFremskritt.TestSupport;

/// <summary>
/// Writes a tiny Whisper model with random weights in whisper.cpp's legacy ggml format (see
/// shared/whisper-test-model.md), so tests run the real Whisper.net runtime without downloading a model.
/// It transcribes gibberish, deterministically for a seed: assert on structure, not on words.
/// </summary>
public static class TinyWhisperModel
{
    private const int Vocabulary = 51865;
    private const int TextTokens = 50257;
    private const int AudioContext = 1500;
    private const int TextContext = 448;
    private const int Mels = 80;
    private const int FftBins = 201;

    /// <summary>Syllables for the random vocabulary, with æøå so UTF-8 handling is exercised.</summary>
    private static readonly string[] Syllables = ["ko", "mu", "ne", "gev", "inst", "dig", "ital", "for", "and", "ring", "strat", "egi", "tje", "nes", "ø", "å", "æ", "sam", "ling", "le", "der"];

    public static string Write(string path, int seed = 1, int state = 16, int heads = 2)
    {
        var random = new Random(seed);
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(0x67676d6cu);
        foreach (var value in new[] { Vocabulary, AudioContext, state, heads, 1, TextContext, state, heads, 1, Mels, 1 })
        {
            writer.Write(value);
        }

        // Mel filter bank: triangles spread over the FFT bins.
        writer.Write(Mels);
        writer.Write(FftBins);
        for (var mel = 0; mel < Mels; mel++)
        {
            var centre = 1 + (mel * (FftBins - 2) / (double)Mels);
            for (var bin = 0; bin < FftBins; bin++)
            {
                writer.Write((float)Math.Max(0, 1 - (Math.Abs(bin - centre) / 2.5)));
            }
        }

        writer.Write(TextTokens);
        for (var id = 0; id < TextTokens; id++)
        {
            // Token 220 must be exactly one space, or whisper_full throws in native code.
            var token = id == 220 ? " " : Token(id);
            var bytes = Encoding.UTF8.GetBytes(token);
            writer.Write((uint)bytes.Length);
            writer.Write(bytes);
        }

        var s = state;
        Tensor(writer, random, "encoder.positional_embedding", Kind.Random32, s, AudioContext);
        Tensor(writer, random, "encoder.conv1.weight", Kind.Random16, 3, Mels, s);
        Tensor(writer, random, "encoder.conv1.bias", Kind.Random32, 1, s);
        Tensor(writer, random, "encoder.conv2.weight", Kind.Random16, 3, s, s);
        Tensor(writer, random, "encoder.conv2.bias", Kind.Random32, 1, s);
        Tensor(writer, random, "encoder.ln_post.weight", Kind.Ones, s);
        Tensor(writer, random, "encoder.ln_post.bias", Kind.Zeros, s);
        Tensor(writer, random, "decoder.positional_embedding", Kind.Random32, s, TextContext);
        Tensor(writer, random, "decoder.token_embedding.weight", Kind.Random16, s, Vocabulary);
        Tensor(writer, random, "decoder.ln.weight", Kind.Ones, s);
        Tensor(writer, random, "decoder.ln.bias", Kind.Zeros, s);
        Block(writer, random, "encoder.blocks.0", s, cross: false);
        Block(writer, random, "decoder.blocks.0", s, cross: true);
        return path;
    }

    private static string Token(int id)
    {
        var first = Syllables[id % Syllables.Length];
        var second = Syllables[(id / Syllables.Length) % Syllables.Length];
        return (id % 3 == 0 ? " " : "") + first + second;
    }

    private static void Block(BinaryWriter writer, Random random, string p, int s, bool cross)
    {
        Tensor(writer, random, $"{p}.mlp_ln.weight", Kind.Ones, s);
        Tensor(writer, random, $"{p}.mlp_ln.bias", Kind.Zeros, s);
        Tensor(writer, random, $"{p}.mlp.0.weight", Kind.Random16, s, 4 * s);
        Tensor(writer, random, $"{p}.mlp.0.bias", Kind.Random32, 4 * s);
        Tensor(writer, random, $"{p}.mlp.2.weight", Kind.Random16, 4 * s, s);
        Tensor(writer, random, $"{p}.mlp.2.bias", Kind.Random32, s);
        Attention(writer, random, p, "attn", s);
        if (cross)
        {
            Attention(writer, random, p, "cross_attn", s);
        }
    }

    private static void Attention(BinaryWriter writer, Random random, string p, string name, int s)
    {
        Tensor(writer, random, $"{p}.{name}_ln.weight", Kind.Ones, s);
        Tensor(writer, random, $"{p}.{name}_ln.bias", Kind.Zeros, s);
        Tensor(writer, random, $"{p}.{name}.query.weight", Kind.Random16, s, s);
        Tensor(writer, random, $"{p}.{name}.query.bias", Kind.Random32, s);
        Tensor(writer, random, $"{p}.{name}.key.weight", Kind.Random16, s, s);
        Tensor(writer, random, $"{p}.{name}.value.weight", Kind.Random16, s, s);
        Tensor(writer, random, $"{p}.{name}.value.bias", Kind.Random32, s);
        Tensor(writer, random, $"{p}.{name}.out.weight", Kind.Random16, s, s);
        Tensor(writer, random, $"{p}.{name}.out.bias", Kind.Random32, s);
    }

    private enum Kind
    {
        Random16,
        Random32,
        Ones,
        Zeros,
    }

    private static void Tensor(BinaryWriter writer, Random random, string name, Kind kind, params int[] shape)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(shape.Length);
        writer.Write(nameBytes.Length);
        writer.Write(kind == Kind.Random16 ? 1 : 0);
        foreach (var dimension in shape)
        {
            writer.Write(dimension);
        }

        writer.Write(nameBytes);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        for (long i = 0; i < count; i++)
        {
            switch (kind)
            {
                case Kind.Random16:
                    writer.Write(BitConverter.HalfToUInt16Bits((Half)Normal(random)));
                    break;
                case Kind.Random32:
                    writer.Write((float)Normal(random));
                    break;
                case Kind.Ones:
                    writer.Write(1f);
                    break;
                default:
                    writer.Write(0f);
                    break;
            }
        }
    }

    /// <summary>N(0, 0.02) by Box-Muller.</summary>
    private static double Normal(Random random) =>
        0.02 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
