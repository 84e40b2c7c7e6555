using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Domain.Tests;

public class TimecodeTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("42", 42)]
    [InlineData("90", 90)]
    [InlineData("12.5", 12.5)]
    [InlineData("1:30", 90)]
    [InlineData("01:30", 90)]
    [InlineData("10:00", 600)]
    [InlineData("1:02:03", 3723)]
    [InlineData("01:02:03.250", 3723.25)]
    [InlineData(" 2:00 ", 120)]
    [InlineData("0:00:00", 0)]
    public void Parse_reads_seconds_minutes_and_hours(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Timecode.Parse(text));

    [Fact]
    public void Parse_uses_the_invariant_culture_whatever_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("nb-NO");
            Assert.Equal(TimeSpan.FromSeconds(61.5), Timecode.Parse("1:01.5"));
            Assert.Throws<FormatException>(() => Timecode.Parse("1:01,5"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    [InlineData("1:-30")]
    [InlineData("1::30")]
    [InlineData(":30")]
    [InlineData("1:30:")]
    [InlineData("1,5")]
    [InlineData("5s")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e308")]
    [InlineData("1:1e308")]
    public void Parse_rejects_bad_input_with_a_format_exception(string text)
    {
        var e = Assert.Throws<FormatException>(() => Timecode.Parse(text));
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("hh:mm:ss", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_null_throws_argument_null() =>
        Assert.Throws<ArgumentNullException>(() => Timecode.Parse(null!));

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(5, "0:05")]
    [InlineData(65, "1:05")]
    [InlineData(599, "9:59")]
    [InlineData(3599, "59:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(3723, "1:02:03")]
    [InlineData(36000, "10:00:00")]
    [InlineData(90000, "25:00:00")]
    [InlineData(65.9, "1:05")]
    public void Format_writes_minutes_or_hours(double seconds, string expected) =>
        Assert.Equal(expected, Timecode.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("0:00")]
    [InlineData("4:07")]
    [InlineData("1:02:03")]
    [InlineData("3:59:59")]
    public void Format_and_Parse_round_trip(string text) =>
        Assert.Equal(text, Timecode.Format(Timecode.Parse(text)));

    [Fact]
    public void Chapter_ParseStart_uses_Timecode()
    {
        var chapter = new Chapter { Start = "12:34", Title = "Innledning" };

        Assert.Equal(TimeSpan.FromSeconds(754), chapter.ParseStart());
        Assert.Throws<FormatException>(() => new Chapter { Start = "tolv" }.ParseStart());
    }
}
