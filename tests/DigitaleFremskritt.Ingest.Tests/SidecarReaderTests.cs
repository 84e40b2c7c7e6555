using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Ingest.Tests;

public sealed class SidecarReaderTests : IDisposable
{
    private const string FullYaml = """
        title: "Gevinstrealisering: Ærlig talt"
        show: podcast
        date: 2024-03-05
        description: |
          Om **gevinster** i kommunene.

          - punkt én
        speakers:
          - Kari Nordmann
          - Ola Østby
        themes: [gevinstrealisering, endringsledelse]
        season: 2
        episode: 14
        chapters:
          - start: "0:00"
            title: Innledning
          - start: 4:30
            title: Hva er gevinst?
          - start: 1:02:03
            title: Spørsmål
        slug: gevinstrealisering-aerlig-talt
        language: nb
        """;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static SidecarException ParseFails(string text, bool markdown = false, string name = "/ingest/intervju æøå.yaml")
    {
        var e = Assert.Throws<SidecarException>(() => SidecarReader.Parse(text, markdown, name));
        Assert.StartsWith($"sidecar {Path.GetFileName(name)}: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        return e;
    }

    [Fact]
    public void Parse_yaml_reads_every_field()
    {
        var sidecar = SidecarReader.Parse(FullYaml, markdown: false, "intervju.yaml");

        Assert.Equal("Gevinstrealisering: Ærlig talt", sidecar.Title);
        Assert.Equal("podcast", sidecar.Show);
        Assert.Equal("2024-03-05", sidecar.Date);
        Assert.Equal("Om **gevinster** i kommunene.\n\n- punkt én\n", sidecar.Description);
        Assert.Equal(["Kari Nordmann", "Ola Østby"], sidecar.Speakers);
        Assert.Equal(["gevinstrealisering", "endringsledelse"], sidecar.Themes);
        Assert.Equal(2, sidecar.Season);
        Assert.Equal(14, sidecar.Episode);
        Assert.NotNull(sidecar.Chapters);
        Assert.Equal([("0:00", "Innledning"), ("4:30", "Hva er gevinst?"), ("1:02:03", "Spørsmål")], sidecar.Chapters.Select(c => (c.Start, c.Title)));
        Assert.Equal(TimeSpan.FromSeconds(3723), sidecar.Chapters[2].ParseStart());
        Assert.Equal("gevinstrealisering-aerlig-talt", sidecar.Slug);
        Assert.Equal("nb", sidecar.Language);
    }

    [Fact]
    public void Parse_markdown_reads_front_matter_and_uses_the_body_as_description()
    {
        const string markdown = """
            ---
            title: Blåbær
            speakers: [Kari]
            season: 1
            ---

            # Om episoden

            Vi snakker om **blåbær** og tyttebær.

            """;

        var sidecar = SidecarReader.Parse(markdown, markdown: true, "blåbær.md");

        Assert.Equal("Blåbær", sidecar.Title);
        Assert.Equal(["Kari"], sidecar.Speakers);
        Assert.Equal(1, sidecar.Season);
        Assert.Equal("# Om episoden\n\nVi snakker om **blåbær** og tyttebær.", sidecar.Description);
    }

    [Fact]
    public void Parse_markdown_keeps_an_explicit_description_over_the_body()
    {
        const string markdown = "---\ntitle: X\ndescription: Fra front matter\n---\nBrødtekst\n";

        var sidecar = SidecarReader.Parse(markdown, markdown: true, "x.md");

        Assert.Equal("Fra front matter", sidecar.Description);
    }

    [Fact]
    public void Parse_markdown_with_windows_line_endings()
    {
        var sidecar = SidecarReader.Parse("---\r\ntitle: Hei\r\nslug: hei\r\n---\r\nLinje én\r\nLinje to\r\n", markdown: true, "x.md");

        Assert.Equal("Hei", sidecar.Title);
        Assert.Equal("hei", sidecar.Slug);
        Assert.Equal("Linje én\nLinje to", sidecar.Description);
    }

    [Fact]
    public void Parse_markdown_with_every_field_in_front_matter()
    {
        var sidecar = SidecarReader.Parse("---\n" + FullYaml + "\n---\nIgnorert brødtekst\n", markdown: true, "x.md");

        Assert.Equal("Gevinstrealisering: Ærlig talt", sidecar.Title);
        Assert.Equal("Om **gevinster** i kommunene.\n\n- punkt én\n", sidecar.Description);
        Assert.Equal(3, sidecar.Chapters?.Count);
        Assert.Equal("nb", sidecar.Language);
    }

    [Fact]
    public void Parse_markdown_without_front_matter_is_all_description()
    {
        var sidecar = SidecarReader.Parse("Bare tekst om episoden.\n\nTo avsnitt.\n", markdown: true, "x.md");

        Assert.Null(sidecar.Title);
        Assert.Equal("Bare tekst om episoden.\n\nTo avsnitt.", sidecar.Description);
    }

    [Fact]
    public void Parse_markdown_with_empty_front_matter_reads_the_body()
    {
        var sidecar = SidecarReader.Parse("---\n---\nBrødtekst\n", markdown: true, "x.md");

        Assert.Null(sidecar.Title);
        Assert.Equal("Brødtekst", sidecar.Description);
    }

    [Fact]
    public void Parse_markdown_with_front_matter_and_no_body()
    {
        var sidecar = SidecarReader.Parse("---\ntitle: Uten tekst\n---", markdown: true, "x.md");

        Assert.Equal("Uten tekst", sidecar.Title);
        Assert.True(string.IsNullOrEmpty(sidecar.Description));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("# bare en kommentar\n")]
    public void Parse_empty_yaml_is_an_empty_sidecar(string yaml)
    {
        var sidecar = SidecarReader.Parse(yaml, markdown: false, "x.yaml");

        Assert.Null(sidecar.Title);
        Assert.Null(sidecar.Slug);
        Assert.Null(sidecar.Chapters);
    }

    [Fact]
    public void Unclosed_front_matter_is_an_error()
    {
        var e = ParseFails("---\ntitle: Hei\n\nBrødtekst uten slutt\n", markdown: true, name: "/ingest/notat.md");

        Assert.Equal("sidecar notat.md: front matter starts with '---' but has no closing '---'", e.Message);
    }

    [Theory]
    [InlineData("title: [ikke lukket\n")]
    [InlineData("title: \"ikke lukket\n")]
    [InlineData("title: a\n  b: c\n")]
    public void Malformed_yaml_is_an_error_with_a_line_number(string yaml)
    {
        var e = ParseFails(yaml);

        Assert.Matches(@"^sidecar intervju æøå\.yaml: line \d+: \S", e.Message);
        Assert.DoesNotContain("(Line:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_in_markdown_front_matter_is_an_error()
    {
        var e = ParseFails("---\ntitle: [oops\n---\nTekst\n", markdown: true, name: "notat.md");

        Assert.StartsWith("sidecar notat.md: line ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_is_named_with_the_known_ones()
    {
        var e = ParseFails("title: Hei\ntittel: Hei\n");

        Assert.Equal(
            "sidecar intervju æøå.yaml: line 2: unknown field 'tittel' (known: title, show, date, description, speakers, themes, season, episode, chapters, slug, language)",
            e.Message);
    }

    [Fact]
    public void Unknown_field_inside_a_chapter_is_an_error()
    {
        var e = ParseFails("chapters:\n  - start: 0\n    titel: Feil\n");

        Assert.Contains("unknown field 'titel'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("season: to\n", "a whole number")]
    [InlineData("speakers: Kari\n", "a list")]
    [InlineData("title: [a, b]\n", "text")]
    [InlineData("season: 99999999999\n", "a whole number")]
    [InlineData("episode: 1.5\n", "a whole number")]
    [InlineData("chapters: kapittel\n", "a list")]
    public void Wrong_kind_of_value_is_an_error(string yaml, string expected)
    {
        var e = ParseFails(yaml);

        Assert.Contains($"wrong kind of value: expected {expected}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("Store-Bokstaver")]
    [InlineData("blåbær")]
    [InlineData("ingen mellomrom")]
    public void Invalid_slug_is_an_error(string slug)
    {
        var e = ParseFails($"slug: '{slug}'\n");

        Assert.Equal($"sidecar intervju æøå.yaml: slug '{slug}' is not allowed: use lower-case a-z, 0-9 and single hyphens", e.Message);
    }

    [Fact]
    public void Slug_with_a_trailing_newline_is_an_error_shown_on_one_line()
    {
        var e = ParseFails("slug: \"ok\\n\"\n");

        Assert.Contains("slug 'ok ' is not allowed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5. mars 2024")]
    [InlineData("2024-13-01")]
    [InlineData("2024-02-30")]
    [InlineData("i går")]
    [InlineData("05.03.2024")]
    [InlineData("3/5/2024")]
    [InlineData("2024-3-5")]
    public void Bad_date_is_an_error(string date)
    {
        var e = ParseFails($"date: {date}\n");

        Assert.Equal($"sidecar intervju æøå.yaml: date '{date}' is not a date (use yyyy-mm-dd)", e.Message);
    }

    [Theory]
    [InlineData("season: -1\n")]
    [InlineData("episode: -3\n")]
    public void Negative_season_or_episode_is_an_error(string yaml)
    {
        var e = ParseFails(yaml);

        Assert.Equal("sidecar intervju æøå.yaml: season and episode must be positive numbers", e.Message);
    }

    [Theory]
    [InlineData("tolv")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    public void Bad_chapter_time_is_an_error_naming_the_chapter(string start)
    {
        var e = ParseFails($"chapters:\n  - start: \"0\"\n    title: Start\n  - start: \"{start}\"\n    title: Midt i\n");

        Assert.StartsWith($"sidecar intervju æøå.yaml: chapter 'Midt i': '{start}' is not a time", e.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(e.InnerException);
    }

    [Fact]
    public void Over_long_title_is_an_error()
    {
        var e = ParseFails($"title: {new string('a', SidecarReader.MaxTitleLength + 1)}\n");

        Assert.Equal("sidecar intervju æøå.yaml: title is 301 characters; the maximum is 300", e.Message);
    }

    [Fact]
    public void Title_of_maximum_length_is_accepted()
    {
        var title = new string('ø', SidecarReader.MaxTitleLength);

        Assert.Equal(title, SidecarReader.Parse($"title: {title}\n", markdown: false, "x.yaml").Title);
    }

    [Fact]
    public void Over_long_markdown_body_is_an_error()
    {
        var e = ParseFails("---\ntitle: x\n---\n" + new string('b', SidecarReader.MaxDescriptionLength + 1), markdown: true, name: "x.md");

        Assert.Equal("sidecar x.md: description is 20001 characters; the maximum is 20000", e.Message);
    }

    [Theory]
    [InlineData("Podcast")]
    [InlineData("../seminar")]
    public void Invalid_show_id_is_an_error(string show)
    {
        var e = ParseFails($"show: '{show}'\n");

        Assert.Equal($"sidecar intervju æøå.yaml: show '{show}' is not a show id", e.Message);
    }

    [Fact]
    public void Untrusted_values_in_messages_are_cut_short()
    {
        var e = ParseFails($"slug: '{new string('x', 200)}/'\n");

        Assert.Contains($"slug '{new string('x', 60)}…' is not allowed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printable_replaces_control_characters()
    {
        Assert.Equal("a b c", SidecarReader.Printable("a\nb\tc"));
        Assert.Equal("", SidecarReader.Printable(null));
    }

    [Theory]
    [InlineData(".yaml")]
    [InlineData(".yml")]
    [InlineData(".md")]
    public void FindFor_finds_the_sidecar_next_to_a_recording(string extension)
    {
        var recording = temp.File("Intervju med Åse 2024.03.05.wav");
        File.WriteAllBytes(recording, [1, 2, 3]);
        var sidecar = temp.File("Intervju med Åse 2024.03.05" + extension);
        File.WriteAllText(sidecar, "title: x\n");

        Assert.Equal(sidecar, SidecarReader.FindFor(recording));
    }

    [Fact]
    public void FindFor_without_a_sidecar_is_null()
    {
        var recording = temp.File("alene.wav");
        File.WriteAllBytes(recording, [1]);
        File.WriteAllText(temp.File("annen.yaml"), "title: x\n");
        File.WriteAllText(temp.File("alene.wav.yaml"), "title: x\n");

        Assert.Null(SidecarReader.FindFor(recording));
    }

    [Fact]
    public void FindFor_prefers_yaml_over_yml_over_md()
    {
        var recording = temp.File("a.mp4");
        File.WriteAllText(temp.File("a.md"), "x");
        File.WriteAllText(temp.File("a.yml"), "x");

        Assert.Equal(temp.File("a.yml"), SidecarReader.FindFor(recording));

        File.WriteAllText(temp.File("a.yaml"), "x");
        Assert.Equal(temp.File("a.yaml"), SidecarReader.FindFor(recording));
    }

    [Theory]
    [InlineData(".YAML")]
    [InlineData(".Yml")]
    [InlineData(".MD")]
    [InlineData(".yAmL")]
    public void FindFor_matches_the_extension_in_any_letter_case(string extension)
    {
        var recording = temp.File("Intervju Åse.WAV");
        File.WriteAllBytes(recording, [1]);
        var sidecar = temp.File("Intervju Åse" + extension);
        File.WriteAllText(sidecar, "title: x\n");

        Assert.Equal(sidecar, SidecarReader.FindFor(recording));
    }

    [Fact]
    public void FindFor_needs_exactly_the_same_stem()
    {
        var recording = temp.File("Opptak.wav");
        File.WriteAllBytes(recording, [1]);
        File.WriteAllText(temp.File("opptak.yaml"), "x");
        File.WriteAllText(temp.File("Opptak .yaml"), "x");
        File.WriteAllText(temp.File("Opptak.txt"), "x");
        File.WriteAllText(temp.File("Opptak.yaml.bak"), "x");
        Directory.CreateDirectory(temp.File("Opptak.yml"));

        Assert.Null(SidecarReader.FindFor(recording));
    }

    [Fact]
    public void FindFor_prefers_yaml_over_yml_over_md_whatever_the_case()
    {
        var recording = temp.File("b.mp4");
        File.WriteAllText(temp.File("b.MD"), "x");
        Assert.Equal(temp.File("b.MD"), SidecarReader.FindFor(recording));

        File.WriteAllText(temp.File("b.YML"), "x");
        Assert.Equal(temp.File("b.YML"), SidecarReader.FindFor(recording));

        File.WriteAllText(temp.File("b.Yaml"), "x");
        Assert.Equal(temp.File("b.Yaml"), SidecarReader.FindFor(recording));

        // Two names differing only in case (possible on Linux): the lower-case one.
        File.WriteAllText(temp.File("b.yaml"), "x");
        Assert.Equal(temp.File("b.yaml"), SidecarReader.FindFor(recording));
    }

    [Fact]
    public void FindFor_in_a_missing_folder_is_null() =>
        Assert.Null(SidecarReader.FindFor(temp.File(Path.Combine("finnes ikke", "a.wav"))));

    [Fact]
    public void Read_reads_a_markdown_file_by_its_extension()
    {
        var path = temp.File("Notat æøå.md");
        File.WriteAllText(path, "---\ntitle: Fra fil\n---\nBeskrivelse fra fil\n");

        var sidecar = SidecarReader.Read(path);

        Assert.Equal("Fra fil", sidecar.Title);
        Assert.Equal("Beskrivelse fra fil", sidecar.Description);
    }

    [Fact]
    public void Read_of_a_yaml_file_does_not_treat_it_as_markdown()
    {
        var path = temp.File("a.yaml");
        File.WriteAllText(path, "---\ntitle: Dokumentstart\n");

        Assert.Equal("Dokumentstart", SidecarReader.Read(path).Title);
    }

    [Fact]
    public void Read_of_a_missing_file_is_a_sidecar_error()
    {
        var e = Assert.Throws<SidecarException>(() => SidecarReader.Read(temp.File("borte.yaml")));

        Assert.StartsWith("sidecar borte.yaml: cannot be read: ", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
    }
}
