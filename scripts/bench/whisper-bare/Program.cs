// The bare Whisper.net loop, the reference of scripts/bench/transcribe.sh:
//
//   whisper-bare MODEL WAV [--no-fallback]     transcribe the whole WAV in one ProcessAsync; prints segments, seconds
//   whisper-bare --write-tiny-model PATH [SEED]  write the random-weight test model (TinyWhisperModel)
//
// Exactly: WhisperFactory.FromPath, CreateBuilder().WithLanguage("no").WithThreads(2)[.WithTemperatureInc(0f)].Build(),
// ProcessAsync(File.OpenRead(wav)), counting segments. --no-fallback is for the random model (as the project's tests
// do); with a real model whisper.cpp's default temperature fallback is kept, as the project does by default.
using System.Diagnostics;
using System.Globalization;
using DigitaleFremskritt.TestSupport;
using Whisper.net;

if (args.Length is 2 or 3 && args[0] == "--write-tiny-model")
{
    var seed = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    TinyWhisperModel.Write(args[1], seed);
    Console.WriteLine(args[1]);
    return 0;
}

if (args.Length is < 2 or > 3 || (args.Length == 3 && args[2] != "--no-fallback"))
{
    Console.Error.WriteLine("usage: whisper-bare MODEL WAV [--no-fallback] | whisper-bare --write-tiny-model PATH [SEED]");
    return 2;
}

var noFallback = args.Length == 3;
var clock = Stopwatch.StartNew();
using var factory = WhisperFactory.FromPath(args[0]);
var builder = factory.CreateBuilder().WithLanguage("no").WithThreads(2);
if (noFallback)
{
    builder = builder.WithTemperatureInc(0f);
}

await using var processor = builder.Build();
await using var wav = File.OpenRead(args[1]);
var segments = 0;
await foreach (var segment in processor.ProcessAsync(wav))
{
    segments++;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"segments {segments}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds {clock.Elapsed.TotalSeconds:F2}"));
return 0;
