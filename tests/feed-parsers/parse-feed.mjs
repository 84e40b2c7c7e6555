// Parses one podcast feed with two independent parsers and prints {rssParser, partytime} as one JSON object.
//   node tests/feed-parsers/parse-feed.mjs <feed.xml>
// rss-parser (xml2js, strict) is what many Node apps use; podcast-partytime is the Podcast Index's parser.
// Exits 1 with a message on stderr when either parser rejects the feed.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// partytime logs through pino to stdout: silence it before it loads, so stdout carries only our JSON.
process.env.PARTYTIME_LOG = "silent";
const warnings = [];
console.warn = (...args) => warnings.push(args.map(String).join(" "));

const require = createRequire(import.meta.url);
const Parser = require("rss-parser");
const { parseFeed } = await import("podcast-partytime");

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node parse-feed.mjs <feed.xml>\n");
  process.exit(2);
}

const xml = await readFile(file, "utf8");

const parser = new Parser({
  customFields: {
    feed: [
      ["podcast:guid", "podcastGuid"],
      ["podcast:locked", "podcastLocked"],
      ["podcast:medium", "podcastMedium"],
      ["atom:link", "atomLinks", { keepArray: true }],
    ],
    item: [
      ["podcast:transcript", "podcastTranscripts", { keepArray: true }],
      ["podcast:chapters", "podcastChapters"],
      ["podcast:person", "podcastPersons", { keepArray: true }],
      ["podcast:season", "podcastSeason"],
      ["podcast:episode", "podcastEpisode"],
    ],
  },
});

let rssParser;
try {
  rssParser = await parser.parseString(xml);
} catch (e) {
  process.stderr.write(`rss-parser rejected ${file}: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
}

let partytime;
try {
  partytime = parseFeed(xml, { allowMissingGuid: false });
} catch (e) {
  process.stderr.write(`podcast-partytime threw on ${file}: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}

if (!partytime) {
  process.stderr.write(`podcast-partytime rejected ${file} (invalid XML or not a feed)\n`);
  process.exit(1);
}

process.stdout.write(JSON.stringify({ rssParser, partytime, partytimeWarnings: warnings }));
process.stdout.write("\n");
