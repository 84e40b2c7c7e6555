namespace DigitaleFremskritt.Domain;

/// <summary>Quality-control report for one normalised recording (qc.json in the episode folder).</summary>
public sealed class QcReport
{
    public string Recording { get; set; } = "";

    public QcInput Input { get; set; } = new();

    public QcTarget Target { get; set; } = new();

    /// <summary>Loudness of the original, measured with ffmpeg ebur128.</summary>
    public Loudness Before { get; set; } = new();

    /// <summary>Loudness of the encoded podcast MP3, measured independently with ebur128 on the file itself.</summary>
    public Loudness After { get; set; } = new();

    /// <summary>Loudness of the video's AAC track, where there is a video.</summary>
    public Loudness? AfterVideo { get; set; }

    /// <summary>The MP4's AAC track is stereo, so it aims at the stereo target even for a mono recording.</summary>
    public QcTarget? VideoTarget { get; set; }

    public List<QcPass>? VideoPasses { get; set; }

    public double GainDb { get; set; }

    /// <summary>"linear", "linear+limiter" or "dynamic".</summary>
    public string Mode { get; set; } = "linear";

    /// <summary>Why the mode is not plain linear (empty when it is).</summary>
    public string? ModeReason { get; set; }

    /// <summary>Encode passes it took to land inside tolerance (1 = first try).</summary>
    public int EncodePasses { get; set; }

    /// <summary>Each encode pass: the chain used and what the encoded MP3 measured.</summary>
    public List<QcPass> Passes { get; set; } = [];

    public List<QcOutput> Outputs { get; set; } = [];

    public Dictionary<string, string> Tools { get; set; } = [];

    public List<string> Warnings { get; set; } = [];

    public bool Passed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class QcInput
{
    public string Format { get; set; } = "";

    public string AudioCodec { get; set; } = "";

    public double DurationSeconds { get; set; }

    public int Channels { get; set; }

    public int SampleRate { get; set; }

    public string? VideoCodec { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }
}

public sealed class QcTarget
{
    public double IntegratedLufs { get; set; }

    public double TruePeakDbtp { get; set; }

    public double ToleranceLu { get; set; }
}

public sealed class Loudness
{
    public double IntegratedLufs { get; set; }

    public double RangeLu { get; set; }

    public double TruePeakDbtp { get; set; }
}

public sealed class QcOutput
{
    public string Kind { get; set; } = "";

    public string Path { get; set; } = "";

    public long Bytes { get; set; }

    public double DurationSeconds { get; set; }
}

public sealed class QcPass
{
    public double GainDb { get; set; }

    public double? LimitDbfs { get; set; }

    public double IntegratedLufs { get; set; }

    public double TruePeakDbtp { get; set; }
}
