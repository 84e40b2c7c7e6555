#!/usr/bin/env bash
# Benchmark: the website part of `fremskritt build` (Razor pages, then the Pagefind search index) on 1000 episodes
# with ~9000-word transcripts, against a hand-written page writer and Pagefind run directly, in the same run; and the
# bytes a browser fetches for one search on `fremskritt serve`.
#
#   scripts/bench/site.sh
#
# 1. Builds the CLI, scripts/bench/site-bare (the rendering reference) and scripts/bench/site-search (the browser
#    measurement), all in Release; the two helpers are not in the solution.
# 2. Generates (once, cached in .bench/site-content-v<N>-<episodes>-<words>w/) a content root of BENCH_EPISODES (1000)
#    transcribed episodes, written directly as episode.yaml text plus files (python3, deterministic): every 10th is a
#    seminar (video show, 3 speakers, MP4 + poster), the rest podcast (2 speakers). Each has a transcript.vtt of
#    BENCH_WORDS (9000) words +-5% of bokmål-looking text: sentences from a vocabulary of real bokmål words in their
#    inflected forms (gevinst/gevinsten/gevinster/gevinstene, kommune/kommunen/kommunene, tjenestedesign,
#    endringsledelse, ...), cut into cues of 10-15 words with increasing timestamps (0.33-0.45 s a word), a speaker
#    voice tag per cue; a transcript: block (source Human) so the build includes it; 3-6 chapters; 1-2 of the
#    repository's themes (site/themes). Media are small random files in media/<xx>/<sha256>.<ext> (the pages only
#    link to them). The cache is checked with a `fremskritt build --set Build:Search=false`, which must take every
#    episode and skip none. The build uses the repository's site/ (themes, gatherings): --set Build:SiteFolder=site.
# 3. Reads the content root once (page cache warm), then runs BENCH_RUNS (2) rounds of (a), (b), (c), in that order,
#    so both sides of each ratio see the same machine load; each side's best (minimum) time counts:
#    (a) full build into a fresh output folder:
#          dotnet fremskritt.dll build --content DIR --output RUN/out-N --set Build:SiteFolder=REPO/site
#        under /usr/bin/time -v (wall clock, process start to exit; CPU = user + system of the build and the pagefind
#        it waits for; its "Maximum resident set size" is the largest single process of the tree, as on Linux the
#        waited-for pagefind counts, but as a maximum, not a sum), with /proc sampled every 0.1 s for each process's
#        VmHWM (fremskritt, the node wrapper, the pagefind binary) and the largest sum of VmRSS at one moment. The
#        build's own step lines are parsed: "feeds: N files in X s", "site pages: N files in X s", "search index
#        (Pagefind): N files in X s". Rendering per page = the best site pages X / its N (N counts every page of the
#        step plus its 2 assets; the step also reads and parses every transcript.vtt, hashes (MD5) and writes each file).
#    (b) rendering reference: dotnet site-bare.dll DIR RUN/ref-site REPO/site appsettings.json: the same episode
#        pages, written with a StringBuilder (see site-bare/Program.cs); its own timer covers reading and parsing
#        each transcript.vtt, building the page and writing it (it also prints that part's CPU time). Its pages are
#        compared byte for byte with the build's episode pages (the count of identical ones is printed).
#    (c) indexing reference: node_modules/.bin/pagefind --site RUN/out-N --output-path RUN/ref-pagefind
#          --exclude-selectors "a.t, .transcript p > a" --quiet
#        (the arguments the build's IndexSite passes; BENCH_PAGEFIND_EXCLUDE overrides the selectors) on the pages (a)
#        built, under /usr/bin/time -v: Pagefind itself, vs the build's index step (which also copies its output into
#        the output folder, with hashing). Its files are compared with the build's index (Pagefind's UI bundles,
#        which the build leaves out, aside), so arguments that drift apart show up.
#    (d) search: dotnet fremskritt.dll serve --content DIR --output RUN/out-N --port 0 (the newest round's output),
#        then dotnet site-search.dll URL BENCH_QUERY (gevinstene) BENCH_SECOND_QUERY (tjenestedesign): Debian's
#        headless Chromium (Microsoft.Playwright, ExecutablePath /usr/lib/chromium/chromium) opens
#        /search/?q=gevinstene with an empty cache, waits for the results (the page loads the data of the first 5)
#        and sums the response bodies of every request under /pagefind/ (pagefind.js, its worker, the WebAssembly,
#        entry, metadata, index chunks, fragments); the page's own HTML, CSS and JS are reported apart. Then a
#        second query on the same page (warm). The server is stopped with SIGTERM when the script exits.
# 4. Prints the timings, ratios project/reference, peak memory, index size, the bytes of one search by kind, and
#    PASS/FAIL per goal of issue 5: rendering <= 2 ms per page (the best site pages step / its files); the full build
#    including the index <= 30 s (wall clock, process start to exit, best of BENCH_RUNS); <= 300 kB (300 000 bytes of
#    response bodies) fetched per search (the first, cold search). The machine is shared and noisy: the ratios are
#    the figures to compare between runs; CPU times are printed beside wall times to show how much was waiting.
#
# Environment:
#   BENCH_EPISODES=1000          episodes in the generated content root (each count has its own cache folder)
#   BENCH_WORDS=9000             transcript words per episode (+-5%)
#   BENCH_RUNS=2                 rounds of (a), (b), (c); each side's best (minimum) time counts
#   BENCH_QUERY=gevinstene       the measured search
#   BENCH_SECOND_QUERY=tjenestedesign   a further search on the same page ("" to skip)
#   BENCH_PAGEFIND_EXCLUDE="a.t, .transcript p > a"   --exclude-selectors of the reference Pagefind run (c)
#   BENCH_KEEP=1                 keep the run folder (outputs, logs) and print its path
#   BENCH_SKIP_BUILD=1           use the existing Release builds
#
# Exit status: 0 when the benchmark ran (even if a goal is missed), non-zero when a command failed.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
BENCH="$REPO/.bench"
EPISODES="${BENCH_EPISODES:-1000}"
WORDS="${BENCH_WORDS:-9000}"
RUNS="${BENCH_RUNS:-2}"
QUERY="${BENCH_QUERY:-gevinstene}"
SECOND_QUERY="${BENCH_SECOND_QUERY-tjenestedesign}"
PAGEFIND_EXCLUDE="${BENCH_PAGEFIND_EXCLUDE-a.t, .transcript p > a}"   # as src/DigitaleFremskritt.Site/IndexSite.cs
GOAL_MS_PER_PAGE=2
GOAL_BUILD_SECONDS=30
GOAL_SEARCH_BYTES=300000
GEN_VERSION=1          # bump when the generator changes: a new cache folder is made

# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

# ---------------------------------------------------------------------------------------------- tools
bench_setup
PAGEFIND_BIN="$REPO/node_modules/.bin/pagefind"
CHROMIUM=/usr/lib/chromium/chromium
[[ -x "$PAGEFIND_BIN" ]] || die "$PAGEFIND_BIN not found (scripts/setup.sh runs npm ci)"
[[ -x "$CHROMIUM" ]] || die "$CHROMIUM not found (scripts/setup.sh installs Debian's chromium)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found: peak memory needs it"
command -v python3 >/dev/null 2>&1 || die "python3 not found (the content generator and the memory sampler need it)"
bench_workdir site

SERVE_PID=""
stop_serve() { stop_process "fremskritt serve" "$SERVE_PID"; SERVE_PID=""; }
cleanup() {
    stop_serve
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept run folder $WORK"; else rm -rf "$WORK"; fi
}
# Replaces bench_workdir's trap: the server first, then the run folder it serves.
trap cleanup EXIT
trap 'exit 130' INT TERM

# -------------------------------------------------------------------------------------------- 1. build
CLI_DLL="$REPO/src/DigitaleFremskritt.Cli/bin/Release/net10.0/fremskritt.dll"
BARE_DLL="$SCRIPT_DIR/site-bare/bin/Release/net10.0/site-bare.dll"
SEARCH_DLL="$SCRIPT_DIR/site-search/bin/Release/net10.0/site-search.dll"
APPSETTINGS="$(dirname "$CLI_DLL")/appsettings.json"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    bench_build "$REPO/src/DigitaleFremskritt.Cli" cli
    bench_build "$SCRIPT_DIR/site-bare" bare
    bench_build "$SCRIPT_DIR/site-search" search
fi
for dll in "$CLI_DLL" "$BARE_DLL" "$SEARCH_DLL" "$APPSETTINGS"; do [[ -f "$dll" ]] || die "no $dll"; done
fremskritt() { (cd "$REPO" && dotnet "$CLI_DLL" "$@"); }

# Spectre.Console wraps redirected output at 80 columns: join lines before matching.
joined() { tr '\n' ' ' <"$1" | tr -s ' '; }

# ------------------------------------------------------------------------------------------ 2. content
generate_content() { # dest episodes words
    PYTHONPATH="$SCRIPT_DIR" python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, os, random, sys
from benchcontent import ContentRoot, episode_yaml, q, ts, mmss
from datetime import date, timedelta

dest, count, words_target = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
KB = 1024

root = ContentRoot(dest)
write, stored, archived = root.write, root.stored, root.archived

# ----------------------------------------------------------------------------------------- vocabulary
# Bokmål nouns as (indefinite singular, definite singular, indefinite plural, definite plural): the inflected forms
# are what Norwegian stemming has to fold together (gevinst, gevinsten, gevinster, gevinstene).
NOUNS = [
    ("gevinst", "gevinsten", "gevinster", "gevinstene"),
    ("kommune", "kommunen", "kommuner", "kommunene"),
    ("tjeneste", "tjenesten", "tjenester", "tjenestene"),
    ("endring", "endringen", "endringer", "endringene"),
    ("prosess", "prosessen", "prosesser", "prosessene"),
    ("løsning", "løsningen", "løsninger", "løsningene"),
    ("system", "systemet", "systemer", "systemene"),
    ("fagsystem", "fagsystemet", "fagsystemer", "fagsystemene"),
    ("innbygger", "innbyggeren", "innbyggere", "innbyggerne"),
    ("leder", "lederen", "ledere", "lederne"),
    ("strategi", "strategien", "strategier", "strategiene"),
    ("mål", "målet", "mål", "målene"),
    ("tiltak", "tiltaket", "tiltak", "tiltakene"),
    ("erfaring", "erfaringen", "erfaringer", "erfaringene"),
    ("prosjekt", "prosjektet", "prosjekter", "prosjektene"),
    ("plattform", "plattformen", "plattformer", "plattformene"),
    ("søknad", "søknaden", "søknader", "søknadene"),
    ("skjema", "skjemaet", "skjemaer", "skjemaene"),
    ("budsjett", "budsjettet", "budsjetter", "budsjettene"),
    ("kostnad", "kostnaden", "kostnader", "kostnadene"),
    ("arbeidsprosess", "arbeidsprosessen", "arbeidsprosesser", "arbeidsprosessene"),
    ("gevinstkart", "gevinstkartet", "gevinstkart", "gevinstkartene"),
    ("avdeling", "avdelingen", "avdelinger", "avdelingene"),
    ("region", "regionen", "regioner", "regionene"),
    ("samling", "samlingen", "samlinger", "samlingene"),
    ("utfordring", "utfordringen", "utfordringer", "utfordringene"),
    ("ressurs", "ressursen", "ressurser", "ressursene"),
    ("risiko", "risikoen", "risikoer", "risikoene"),
    ("pilot", "piloten", "piloter", "pilotene"),
    ("ansatt", "den ansatte", "ansatte", "de ansatte"),
    ("medarbeider", "medarbeideren", "medarbeidere", "medarbeiderne"),
    ("bruker", "brukeren", "brukere", "brukerne"),
    ("leverandør", "leverandøren", "leverandører", "leverandørene"),
    ("sak", "saken", "saker", "sakene"),
    ("vedtak", "vedtaket", "vedtak", "vedtakene"),
    ("skole", "skolen", "skoler", "skolene"),
    ("barnehage", "barnehagen", "barnehager", "barnehagene"),
    ("hjemmetjeneste", "hjemmetjenesten", "hjemmetjenester", "hjemmetjenestene"),
    ("sykehjem", "sykehjemmet", "sykehjem", "sykehjemmene"),
    ("rapport", "rapporten", "rapporter", "rapportene"),
    ("møte", "møtet", "møter", "møtene"),
    ("verktøy", "verktøyet", "verktøy", "verktøyene"),
    ("avtale", "avtalen", "avtaler", "avtalene"),
    ("rutine", "rutinen", "rutiner", "rutinene"),
    ("behov", "behovet", "behov", "behovene"),
]
MASS = ["tjenestedesign", "endringsledelse", "gevinstrealisering", "digitalisering", "kompetanse", "opplæring",
        "personvern", "informasjonssikkerhet", "velferdsteknologi", "saksbehandling", "brukertilfredshet", "kvalitet",
        "tillit", "samarbeid", "innovasjon", "forankring", "medvirkning", "brukerinvolvering", "styring", "ledelse",
        "data", "dokumentasjon", "arkivering", "tidsbruk", "omstilling", "organisasjonsutvikling"]
SUBJECTS = ["vi", "jeg", "de", "hun", "han", "kommunen", "kommunene", "lederne", "de ansatte", "innbyggerne",
            "rådmannen", "kommunedirektøren", "prosjektgruppen", "fylkeskommunen", "staten", "de folkevalgte",
            "saksbehandlerne", "brukerne", "leverandøren", "regionen", "nettverket", "teamet", "mange", "noen",
            "KS", "Kommunett", "tillitsvalgte", "fagforeningene", "innkjøpsavdelingen", "IKT-tjenesten"]
VERBS = ["ser på", "måler", "henter ut", "planlegger", "dokumenterer", "realiserer", "diskuterer", "prioriterer",
         "forbedrer", "utvikler", "deler", "vurderer", "følger opp", "beskriver", "tester", "innfører", "forankrer",
         "endrer", "trenger", "bygger", "lærer av", "skaper", "styrer", "evaluerer", "digitaliserer", "forenkler",
         "samordner", "etablerer", "undervurderer", "glemmer", "kartlegger", "beregner", "anskaffer", "avslutter"]
PAST = ["målte", "realiserte", "diskuterte", "innførte", "forankret", "endret", "testet", "kartla", "beregnet",
        "utviklet", "delte", "forbedret", "fulgte opp", "evaluerte", "prioriterte", "undervurderte", "glemte"]
INFS = ["måle", "realisere", "dele", "forankre", "teste", "forbedre", "følge opp", "planlegge", "lykkes med",
        "hente ut", "dokumentere", "involvere", "prioritere", "forenkle", "endre", "forstå", "kartlegge", "beregne"]
MODALS = ["kan", "må", "skal", "bør", "vil", "klarer å", "prøver å", "ønsker å"]
ADJ = ["nye", "viktige", "digitale", "felles", "små", "store", "gode", "konkrete", "tydelige", "bedre", "enklere",
       "raskere", "tryggere", "lokale", "regionale", "nasjonale", "kommunale", "sentrale", "faktiske", "ønskede",
       "forventede", "realiserte", "økonomiske", "kvalitative", "kvantitative", "gamle", "manuelle"]
PREPS = ["i kommunen", "i Trøndelag", "på tvers av sektorene", "sammen med innbyggerne", "i hverdagen",
         "for de ansatte", "gjennom hele prosjektet", "etter innføringen", "i regionen", "i helse og omsorg",
         "i skolen", "i år", "neste år", "fra dag én", "over tid", "uten ekstra ressurser", "med tydelig ledelse",
         "i Namsos", "på Frøya", "i Stjørdal", "i Malvik", "på Ørland", "i Trondheim", "på Hitra", "i Orkland",
         "i Steinkjer", "i Levanger", "i Verdal", "i Indre Fosen", "i Røros", "i Oppdal", "i Melhus",
         "i gevinstarbeidet", "i budsjettprosessen", "i kommuneplanen", "i styringsgruppen", "i økonomiplanen"]
ADVS = ["Først", "Deretter", "Samtidig", "I praksis", "Derfor", "Likevel", "Etter hvert", "Til slutt", "Heldigvis",
        "Ofte", "I fjor", "Nå", "Dessverre", "Egentlig", "Altså", "Faktisk", "I dag", "Da"]
FILLERS = ["altså", "egentlig", "faktisk", "på en måte", "liksom", "jo", "vel", "ikke sant"]
CONJ = ["fordi", "men", "og", "når", "selv om", "slik at", "mens", "hvis"]

def noun_phrase(rng):
    r = rng.random()
    if r < 0.22:
        return rng.choice(MASS)
    n = rng.choice(NOUNS)
    if r < 0.75:
        return n[rng.randrange(4)]
    if r < 0.88:
        return f"{rng.choice(ADJ)} {n[2]}"
    definite = n[3][3:] if n[3].startswith("de ") else n[3]
    return f"de {rng.choice(ADJ)} {definite}"

def clause(rng):
    s = rng.choice(SUBJECTS)
    r = rng.random()
    if r < 0.45:
        return f"{s} {rng.choice(VERBS)} {noun_phrase(rng)}"
    if r < 0.75:
        return f"{s} {rng.choice(MODALS)} {rng.choice(INFS)} {noun_phrase(rng)}"
    return f"{s} {rng.choice(PAST)} {noun_phrase(rng)}"

def sentence(rng):
    r = rng.random()
    if r < 0.30:
        text = clause(rng)
    elif r < 0.50:
        v = rng.choice(VERBS).split(" ", 1)
        rest = (" " + v[1]) if len(v) > 1 else ""
        text = f"{rng.choice(ADVS)} {v[0]} {rng.choice(SUBJECTS)}{rest} {noun_phrase(rng)}"
    elif r < 0.70:
        text = f"{clause(rng)} {rng.choice(CONJ)} {clause(rng)}"
    elif r < 0.80:
        text = f"Det er {rng.choice(ADJ[:14])} at {clause(rng)}"
    elif r < 0.90:
        text = f"Hvordan {rng.choice(MODALS[:5])} {rng.choice(SUBJECTS)} {rng.choice(INFS)} {noun_phrase(rng)}"
        return text[0].upper() + text[1:] + " " + rng.choice(PREPS) + "?"
    else:
        text = f"{clause(rng)}, {rng.choice(FILLERS)},"
        text += f" {rng.choice(PREPS)}"
    if rng.random() < 0.55:
        text += " " + rng.choice(PREPS)
    text = text.rstrip(",")
    return text[0].upper() + text[1:] + "."

TOPICS = [("gevinstrealisering", "Gevinstrealisering"), ("endringsledelse", "Endringsledelse"),
          ("tjenestedesign", "Tjenestedesign"), ("strategi", "Digital strategi"), ("innovasjon", "Innovasjon"),
          ("brukerinvolvering", "Brukerinvolvering"), ("kompetanse-og-laering", "Kompetanse og læring"),
          ("organisasjonsutvikling", "Organisasjonsutvikling")]
PLACES = ["Namsos", "Stjørdal", "Malvik", "Frøya", "Hitra", "Ørland", "Trondheim", "Innherred", "Værnesregionen",
          "Orkland", "Steinkjer", "Levanger", "Røros", "Oppdal", "Melhus", "Indre Fosen"]
PEOPLE = ["Kari Nordmann", "Ola Hansen", "Ingrid Løvås", "Per Ødegård", "Siri Aune", "Jon Kåre Berg",
          "Marit Bjørgen Haugen", "Åse Lien", "Tor Ivar Moe", "Eli Strand"]

def ascii_slug(text):
    return text.lower().replace("ø", "o").replace("æ", "ae").replace("å", "aa").replace(" ", "-")

numbers = {"podcast": 0, "seminar": 0}
total_words = 0
for i in range(1, count + 1):
    rng = random.Random(i)
    show = "seminar" if i % 10 == 5 else "podcast"
    numbers[show] += 1
    theme, topic = TOPICS[i % len(TOPICS)]
    themes = [theme] + ([TOPICS[(i * 7 + 3) % len(TOPICS)][0]] if i % 3 == 0 else [])
    themes = list(dict.fromkeys(themes))
    place = PLACES[i % len(PLACES)]
    slug = f"ep-{i:04d}-{theme}-{ascii_slug(place)}"
    day = date(2016, 1, 4) + timedelta(days=(i - 1) * 3)
    speakers = rng.sample(PEOPLE, 3 if show == "seminar" else 2)

    # Transcript: about words_target words in cues of 10-15 words (captions cut across sentences, as real ones do),
    # each 0.33-0.45 s a word, 0.1-0.8 s apart; a speaker keeps the word for 2-12 cues.
    target = rng.randint(int(words_target * 0.95), int(words_target * 1.05))
    stream = []
    while len(stream) < target:
        stream.extend(sentence(rng).split())
    stream = stream[:target]
    total_words += len(stream)
    cues, t, pos, who, turn = [], rng.uniform(0.5, 3), 0, 0, rng.randint(2, 12)
    while pos < len(stream):
        n = rng.randint(10, 15)
        chunk = stream[pos:pos + n]
        pos += n
        length = len(chunk) * rng.uniform(0.33, 0.45)
        cues.append((t, t + length, speakers[who], " ".join(chunk)))
        t += length + rng.uniform(0.1, 0.8)
        turn -= 1
        if turn == 0:
            who, turn = (who + 1) % len(speakers), rng.randint(2, 12)
    duration = round(t + 2, 1)

    folder = os.path.join(dest, slug)
    os.makedirs(folder, exist_ok=True)
    vtt = "WEBVTT\n\n" + "".join(f"{ts(a)} --> {ts(b)}\n<v {who}>{text}\n\n" for a, b, who, text in cues)
    with open(os.path.join(folder, "transcript.vtt"), "w", encoding="utf-8") as f:
        f.write(vtt)

    # Media: small random bytes (the site only links to them; the build checks they exist).
    mp3 = stored(rng.randbytes(rng.randint(2, 6) * KB), ".mp3")
    video = poster = None
    if show == "seminar":
        video = stored(rng.randbytes(rng.randint(4, 8) * KB), ".mp4")
        poster = stored(rng.randbytes(rng.randint(1, 2) * KB), ".jpg")
        original = archived(rng.randbytes(rng.randint(4, 8) * KB), ".mp4")
        source_name = f"{slug}.mp4"
    else:
        original = archived(rng.randbytes(rng.randint(2, 6) * KB), ".wav")
        source_name = f"{slug}.wav"

    chapter_count = rng.randint(3, 6)
    starts = [0] + sorted(rng.sample(range(60, int(duration) - 60), chapter_count - 1))
    chapter_titles = ["Innledning", topic, f"Erfaringer fra {place}", "Gevinster og måling", "Spørsmål fra salen", "Oppsummering"]

    yaml = episode_yaml(
        slug, show, f"{topic} i {place}: episode {numbers[show]}", day,
        f"Om **{topic.lower()}** i {place} kommune, med {' og '.join(speakers)}.\n\n{sentence(rng)} {sentence(rng)}",
        speakers, themes, numbers[show],
        list(zip(starts, chapter_titles[:1] + chapter_titles[1:chapter_count])),
        source_name, original,
        [
            ("audio", mp3, "audio/mpeg", duration),
            *([("video", video, "video/mp4", duration)] if video else []),
            *([("poster", poster, "image/jpeg", None)] if poster else []),
        ],
        len(cues))
    with open(os.path.join(folder, "episode.yaml"), "w", encoding="utf-8") as f:
        f.write(yaml)

print(f"{numbers['podcast']} podcast, {numbers['seminar']} seminar, {total_words} transcript words "
      f"({total_words // max(count, 1)} per episode)")
PY
}

CONTENT="$BENCH/site-content-v$GEN_VERSION-$EPISODES-${WORDS}w"
STAMP="$CONTENT/.generated"
SITE_ARGS=(--set "Build:SiteFolder=$REPO/site")
if [[ -f "$STAMP" ]]; then
    log "using cached content root $CONTENT ($(cat "$STAMP"))"
else
    log "generating $EPISODES episodes of ~$WORDS transcript words into $CONTENT..."
    t0="$(now)"
    rm -rf "$CONTENT" "$CONTENT.tmp"
    mix="$(generate_content "$CONTENT.tmp" "$EPISODES" "$WORDS")"
    # The generated root must load: the build has to take every episode and skip none (no index: quicker).
    fremskritt build --content "$CONTENT.tmp" --output "$WORK/check-out" "${SITE_ARGS[@]}" --set Build:Search=false \
        >"$WORK/check-build.log" 2>&1 || { tail -40 "$WORK/check-build.log" >&2; die "fremskritt build of the generated content failed"; }
    built="$(joined "$WORK/check-build.log" | sed -n 's/.*Built [0-9]* feeds with \([0-9]*\) episodes.*/\1/p')"
    if [[ "$built" != "$EPISODES" ]] || grep -q '^skipped' "$WORK/check-build.log"; then
        head -40 "$WORK/check-build.log" >&2
        die "fremskritt build took '${built:-?}' of $EPISODES generated episodes (log above)"
    fi
    rm -rf "$WORK/check-out"
    echo "$mix, $(find "$CONTENT.tmp" -type f | wc -l) files, $(du -sm "$CONTENT.tmp" | cut -f1) MiB on disk" >"$CONTENT.tmp/.generated"
    mv "$CONTENT.tmp" "$CONTENT"
    log "  done in $(elapsed "$t0" "$(now)") s: $(cat "$STAMP")"
fi

# ------------------------------------------------------------------------------------------- 3. timing
# Samples /proc every 0.1 s for the process tree under PID until it exits: each process's VmHWM (its own peak; the
# last sample before it exits is kept) and the largest sum of VmRSS over the tree at one moment.
# Prints "proc PID NAME HWM_KB" per process and "tree RSS_KB".
sample_memory() { # pid out-file
    python3 - "$1" >"$2" <<'PY'
import os, sys, time
root = int(sys.argv[1])
peaks, names, tree = {}, {}, 0

def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    found += [int(c) for c in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return found

while os.path.exists(f"/proc/{root}"):
    todo, seen, total = [root], set(), 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += children(pid)
        try:
            with open(f"/proc/{pid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        except OSError:
            continue
        if "VmHWM" not in status:
            continue  # a zombie
        hwm, rss = int(status["VmHWM"].split()[0]), int(status["VmRSS"].split()[0])
        total += rss
        peaks[pid] = max(peaks.get(pid, 0), hwm)
        name = status["Name"].strip()
        exe = os.path.basename(argv[0]) if argv else ""
        if name == "dotnet" and any(a.endswith("fremskritt.dll") for a in argv):
            name = "fremskritt"
        elif exe.startswith("pagefind"):
            name = "pagefind"  # the native binary (pagefind_extended), started by the npm wrapper
        elif exe == "node" and any("pagefind" in a for a in argv[1:2]):
            name = "pagefind-npm-wrapper"
        names[pid] = name
    tree = max(tree, total)
    time.sleep(0.1)

for pid, hwm in sorted(peaks.items()):
    print(f"proc {pid} {names[pid]} {hwm}")
print(f"tree {tree}")
PY
}

# Runs a command under /usr/bin/time -v with the sampler; sets T_WALL (s), T_RC, T_MAXRSS (kB, GNU time), T_CPU (user +
# system s of the process and the children it waited for), M_FILE.
measured() { # name command...
    local name="$1" t0 t1
    shift
    M_FILE="$WORK/$name.mem"
    t0="$(now)"
    ( cd "$REPO" && exec /usr/bin/time -v -o "$WORK/$name.rusage" "$@" ) >"$WORK/$name.log" 2>&1 &
    local pid=$!
    sample_memory "$pid" "$M_FILE" &
    local sampler=$!
    T_RC=0
    wait "$pid" || T_RC=$?
    t1="$(now)"
    wait "$sampler" || true
    T_WALL="$(elapsed "$t0" "$t1")"
    T_MAXRSS="$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$WORK/$name.rusage")"
    T_CPU="$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { c += $2 } END { printf "%.2f", c }' "$WORK/$name.rusage")"
}
mem_of() { awk -v n="$2" '$1 == "proc" && $3 == n { if ($4 > m) m = $4 } END { print m + 0 }' "$1"; }
tree_of() { awk '$1 == "tree" { print $2 }' "$1"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# A step line of the build: "NAME: N files in X s" -> "N X".
step() { # log name
    joined "$1" | grep -o "$2: [0-9]* files in [0-9.]* s" | tail -1 | sed 's/.*: \([0-9]*\) files in \([0-9.]*\) s/\1 \2/'
}

log "warming the page cache (reading the content root once)..."
find "$CONTENT" -type f -exec cat {} + >/dev/null

# Rounds of (a) build, (b) reference renderer, (c) Pagefind directly, so both sides of each ratio see the same
# machine load; each side's best (minimum) wall time counts. Only the newest round's outputs are kept (disk).
B_WALL="" B_TIMES=() R_S="" R_TIMES=() X_WALL="" X_TIMES=()
OUT=""
for ((run = 1; run <= RUNS; run++)); do
    log "(a) full build $run/$RUNS into a fresh output folder..."
    [[ -n "$OUT" ]] && rm -rf "$OUT" "$WORK/ref-site" "$WORK/ref-pagefind"
    OUT="$WORK/out-$run"
    measured "build-$run" dotnet "$CLI_DLL" build --content "$CONTENT" --output "$OUT" "${SITE_ARGS[@]}"
    if ((T_RC != 0)); then
        sed 's/^/    | /' "$WORK/build-$run.log" | tail -60 >&2
        die "fremskritt build exited with $T_RC (log above)"
    fi
    text="$(joined "$WORK/build-$run.log")"
    built="$(sed -n 's/.*Built [0-9]* feeds with \([0-9]*\) episodes.*/\1/p' <<<"$text")"
    [[ "$built" == "$EPISODES" ]] || die "fremskritt build built '${built:-?}' episodes, expected $EPISODES (log: $WORK/build-$run.log)"
    read -r feeds_files feeds_s < <(step "$WORK/build-$run.log" "feeds") || true
    read -r pages_files pages_s < <(step "$WORK/build-$run.log" "site pages") || true
    read -r index_files index_s < <(step "$WORK/build-$run.log" "search index (Pagefind)") || true
    [[ -n "${pages_s:-}" && -n "${index_s:-}" && -n "${feeds_s:-}" ]] || { sed 's/^/    | /' "$WORK/build-$run.log" >&2; die "no step lines 'feeds/site pages/search index (Pagefind): N files in X s' in the build's output"; }
    log "  ${T_WALL} s wall, ${T_CPU} s CPU: feeds $feeds_files files in $feeds_s s, site pages $pages_files files in $pages_s s, index $index_files files in $index_s s; max RSS $(mib "$T_MAXRSS") MiB"
    B_TIMES+=("$T_WALL/$pages_s/$index_s")
    if [[ "$(minof "$B_WALL" "$T_WALL")" != "$B_WALL" ]]; then
        B_WALL="$T_WALL" B_CPU="$T_CPU" B_MAXRSS="$T_MAXRSS" B_MEM="$M_FILE"
        F_FILES="$feeds_files" F_S="$feeds_s" BP_FILES="$pages_files" BP_S="$pages_s" I_FILES="$index_files" BI_S="$index_s"
    fi
    # The step figures: each step's best over the runs (the full build's best run is above).
    if [[ "$(minof "${P_S:-}" "$pages_s")" != "${P_S:-}" ]]; then P_S="$pages_s" P_FILES="$pages_files"; fi
    I_S="$(minof "${I_S:-}" "$index_s")"

    log "(b) rendering reference $run/$RUNS: site-bare, the same episode pages by hand..."
    measured "bare-$run" dotnet "$BARE_DLL" "$CONTENT" "$WORK/ref-site" "$REPO/site" "$APPSETTINGS"
    ((T_RC == 0)) || { sed 's/^/    | /' "$WORK/bare-$run.log" | tail -40 >&2; die "site-bare exited with $T_RC"; }
    r_s="$(sed -n 's/^seconds \([0-9.]*\)$/\1/p' "$WORK/bare-$run.log")"
    r_cpu="$(sed -n 's/^cpu-seconds \([0-9.]*\)$/\1/p' "$WORK/bare-$run.log")"
    [[ -n "$r_s" ]] || { sed 's/^/    | /' "$WORK/bare-$run.log" >&2; die "site-bare printed no summary"; }
    log "  $r_s s in process ($r_cpu s CPU), $T_WALL s process wall"
    R_TIMES+=("$r_s")
    if [[ "$(minof "$R_S" "$r_s")" != "$R_S" ]]; then
        R_S="$r_s" R_CPU="$r_cpu" R_WALL="$T_WALL"
        R_PAGES="$(sed -n 's/^pages \([0-9]*\)$/\1/p' "$WORK/bare-$run.log")"
        R_BYTES="$(sed -n 's/^bytes \([0-9]*\)$/\1/p' "$WORK/bare-$run.log")"
        R_CUES="$(sed -n 's/^cues \([0-9]*\)$/\1/p' "$WORK/bare-$run.log")"
        R_LOAD="$(sed -n 's/^load-seconds \([0-9.]*\)$/\1/p' "$WORK/bare-$run.log")"
    fi

    log "(c) indexing reference $run/$RUNS: pagefind directly on the pages (a) built..."
    pagefind_args=(--site "$OUT" --output-path "$WORK/ref-pagefind")
    [[ -n "$PAGEFIND_EXCLUDE" ]] && pagefind_args+=(--exclude-selectors "$PAGEFIND_EXCLUDE")
    measured "pagefind-$run" "$PAGEFIND_BIN" "${pagefind_args[@]}" --quiet
    ((T_RC == 0)) || { sed 's/^/    | /' "$WORK/pagefind-$run.log" | tail -40 >&2; die "pagefind exited with $T_RC"; }
    log "  $T_WALL s wall, $T_CPU s CPU, max RSS $(mib "$T_MAXRSS") MiB"
    X_TIMES+=("$T_WALL")
    if [[ "$(minof "$X_WALL" "$T_WALL")" != "$X_WALL" ]]; then
        X_WALL="$T_WALL" X_CPU="$T_CPU" X_MAXRSS="$T_MAXRSS"
    fi
done

# Checks on the newest round: the reference pages against the build's, the reference index against the build's.
IDENTICAL=0
for page in "$WORK"/ref-site/episodes/*/index.html; do
    slug="$(basename "$(dirname "$page")")"
    cmp -s "$page" "$OUT/episodes/$slug/index.html" && IDENTICAL=$((IDENTICAL + 1))
done
read -r B_EP_PAGES B_EP_BYTES B_EP_MAX < <(find "$OUT/episodes" -name index.html -printf '%s\n' | awk '{ n++; s += $1; if ($1 > m) m = $1 } END { print n, s, m }')

INDEX="$OUT/pagefind"
I_BYTES="$(du -sb "$INDEX" | cut -f1)"
I_DISK="$(du -sk "$INDEX" | cut -f1)"
I_COUNT="$(find "$INDEX" -type f | wc -l)"
kind_bytes() { find "$INDEX" -type f -name "$1" -printf '%s\n' | awk '{ n++; s += $1 } END { printf "%d files, %.1f MiB", n, s / 1048576 }'; }
X_BYTES="$(du -sb "$WORK/ref-pagefind" | cut -f1)"
# The same index? File names and sizes, the UI bundles and the web worker (the build leaves them out) aside.
listing() { (cd "$1" && find . -type f ! -name 'pagefind-ui.*' ! -name 'pagefind-modular-ui.*' ! -name 'pagefind-component-ui.*' \
    ! -name 'pagefind-highlight.js' ! -name 'pagefind-worker.js' -printf '%P %s\n' | sort); }
X_DIFF="$(comm -3 <(listing "$INDEX") <(listing "$WORK/ref-pagefind") | wc -l)"
X_SAME="$([[ "$X_DIFF" == 0 ]] && echo "the same files (names and sizes) as the build's index" || echo "NOT the build's index: $X_DIFF file names/sizes differ")"

log "(d) search: fremskritt serve + headless Chromium..."
( cd "$REPO" && exec dotnet "$CLI_DLL" serve --content "$CONTENT" --output "$OUT" --port 0 ) >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
URL=""
for _ in $(seq 1 600); do
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "fremskritt serve exited before it was ready"; }
    URL="$(joined "$WORK/serve.log" | grep -o 'Serving .* at http://127\.0\.0\.1:[0-9]*/' | grep -o 'http://.*' || true)"
    [[ -n "$URL" ]] && break
    sleep 0.1
done
[[ -n "$URL" ]] || die "fremskritt serve printed no 'Serving … at http://127.0.0.1:PORT/' within 60 s"
search_args=("$URL" "$QUERY")
[[ -n "$SECOND_QUERY" ]] && search_args+=("$SECOND_QUERY")
S_RC=0
dotnet "$SEARCH_DLL" "${search_args[@]}" >"$WORK/search.log" 2>"$WORK/search.err" || S_RC=$?
stop_serve
if ((S_RC != 0)) || ! grep -q '^results search ' "$WORK/search.log"; then
    sed 's/^/    | /' "$WORK/search.log" "$WORK/search.err" | tail -40 >&2
    die "site-search exited with $S_RC (log above)"
fi
read -r _ _ S_COUNT S_BYTES S_HEADERS < <(grep '^total search ' "$WORK/search.log")
read -r _ _ PAGE_COUNT PAGE_BYTES _ < <(grep '^total page ' "$WORK/search.log" || echo "total page 0 0 0")
read -r _ _ S_SHOWN S_MATCHING S_MS S_FIRST < <(grep '^results search ' "$WORK/search.log")
log "  $S_COUNT requests, $S_BYTES bytes for «$QUERY»"

# ------------------------------------------------------------------------------------------- 4. report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms_per() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", s * 1000 / n }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v + 0 <= g + 1e-9) ? "PASS" : "FAIL" }'; }
P_MS="$(ms_per "$P_S" "$P_FILES")"
R_MS="$(ms_per "$R_S" "$R_PAGES")"
REF_SUM="$(awk -v a="$R_S" -v b="$X_WALL" 'BEGIN { printf "%.2f", a + b }')"
PAGEFIND_VERSION="$("$PAGEFIND_BIN" --version 2>/dev/null | tail -1 || echo '?')"
CHROMIUM_VERSION="$("$CHROMIUM" --version 2>/dev/null | head -1 | sed "s/ *$//" || echo "?")"
{
    echo
    echo "=== site benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $PAGEFIND_VERSION, $CHROMIUM_VERSION) ==="
    echo "content: $EPISODES episodes ($(cut -d, -f1-4 "$STAMP")), $CONTENT"
    echo "episode pages: $B_EP_PAGES, $(awk -v s="$B_EP_BYTES" -v n="$B_EP_PAGES" 'BEGIN { printf "%.1f", s / n / 1000 }') kB average, $(kb "$B_EP_MAX") kB largest (HTML only)"
    echo "rounds: $RUNS of (a) build, (b) reference renderer, (c) pagefind directly; the best (minimum) of each counts"
    echo
    echo "(a) fremskritt build, full, into a fresh output folder: best ${B_WALL} s wall, process start to exit; ${B_CPU} s CPU (with pagefind)"
    echo "    all runs, wall / site pages / index (s): $(IFS=' '; echo "${B_TIMES[*]}")"
    echo "    the best run's steps:"
    printf '    %-26s %7s files in %7s s\n' "feeds" "$F_FILES" "$F_S" "site pages" "$BP_FILES" "$BP_S" "search index (Pagefind)" "$I_FILES" "$BI_S"
    echo "    rest (runtime startup, loading episode.yaml files, pruning): $(awk -v w="$B_WALL" -v a="$F_S" -v b="$BP_S" -v c="$BI_S" 'BEGIN { printf "%.2f", w - a - b - c }') s"
    echo "    peak memory: largest process $(mib "$B_MAXRSS") MiB (/usr/bin/time -v); sampled VmHWM: fremskritt $(mib "$(mem_of "$B_MEM" fremskritt)") MiB,"
    echo "      pagefind $(mib "$(mem_of "$B_MEM" pagefind)") MiB (binary) + $(mib "$(mem_of "$B_MEM" pagefind-npm-wrapper)") MiB (npm wrapper); whole tree at one moment $(mib "$(tree_of "$B_MEM")") MiB"
    echo "(b) reference renderer (StringBuilder): best $R_S s in process ($R_CPU s CPU) for $R_PAGES episode pages ($R_CUES cues, $(mb "$R_BYTES") MiB)"
    echo "    all runs (s): $(IFS=' '; echo "${R_TIMES[*]}"); loading episode.yaml first (not timed) $R_LOAD s; process $R_WALL s wall"
    echo "    $IDENTICAL of $R_PAGES pages byte-identical to the build's"
    echo "(c) pagefind directly on the built site: best $X_WALL s wall, $X_CPU s CPU, peak $(mib "$X_MAXRSS") MiB; all runs (s): $(IFS=' '; echo "${X_TIMES[*]}")"
    echo "    its output $(mb "$X_BYTES") MiB (with the UI bundles): $X_SAME"
    echo
    echo "search index (out/pagefind): $I_COUNT files, $(mb "$I_BYTES") MiB ($I_BYTES bytes; $(awk -v k="$I_DISK" 'BEGIN { printf "%.1f", k / 1024 }') MiB on disk)"
    echo "    fragments $(kind_bytes '*.pf_fragment'); index chunks $(kind_bytes '*.pf_index'); metadata $(kind_bytes '*.pf_meta'); wasm $(kind_bytes 'wasm.*'); js $(kind_bytes '*.js')"
    echo
    echo "search «$QUERY» in headless Chromium, empty cache: $S_COUNT requests, $S_BYTES bytes of response bodies ($(kb "$S_BYTES") kB; + $S_HEADERS header bytes);"
    echo "    $S_SHOWN results shown of $S_MATCHING matching pages, first $S_FIRST, shown after $S_MS ms; not counted: the page's own $PAGE_COUNT requests, $PAGE_BYTES bytes"
    awk '$1 == "category" && $2 == "search" { printf "    %-14s %3d requests %9d bytes\n", $3, $4, $5 }' "$WORK/search.log"
    if [[ -n "$SECOND_QUERY" ]] && grep -q '^results second ' "$WORK/search.log"; then
        read -r _ _ S2_COUNT S2_BYTES _ < <(grep '^total second ' "$WORK/search.log")
        read -r _ _ S2_SHOWN S2_MATCHING S2_MS _ < <(grep '^results second ' "$WORK/search.log")
        echo "    then «$SECOND_QUERY» on the same page (warm): $S2_COUNT more requests, $S2_BYTES bytes ($(kb "$S2_BYTES") kB; $S2_SHOWN shown of $S2_MATCHING, $S2_MS ms):"
        awk '$1 == "category" && $2 == "second" { printf "      %-12s %3d requests %9d bytes\n", $3, $4, $5 }' "$WORK/search.log"
    fi
    echo
    echo "ratio rendering per page, build / reference:        $P_MS / $R_MS ms = $(ratio "$P_MS" "$R_MS")   (best site pages step $P_S s / $P_FILES files; reference $R_S s / $R_PAGES pages)"
    echo "ratio indexing, build step / pagefind directly:      $I_S / $X_WALL s = $(ratio "$I_S" "$X_WALL")"
    echo "ratio full build / (reference render + pagefind):    $B_WALL / $REF_SUM s = $(ratio "$B_WALL" "$REF_SUM")"
    echo "goal: rendering <= $GOAL_MS_PER_PAGE ms per page: $P_MS ms => $(verdict "$P_MS" "$GOAL_MS_PER_PAGE")"
    echo "goal: full build incl. the index <= $GOAL_BUILD_SECONDS s: $B_WALL s => $(verdict "$B_WALL" "$GOAL_BUILD_SECONDS")"
    echo "goal: <= $((GOAL_SEARCH_BYTES / 1000)) kB fetched per search: $(kb "$S_BYTES") kB => $(verdict "$S_BYTES" "$GOAL_SEARCH_BYTES")"
}
exit 0
