// Child of bench/run: lookup and search latency in process, and memory with every revision loaded.
import { loadContext } from '../src/cli/context.js';
import { openSearch } from '../src/schedule/open.js';

const cache = process.argv[2]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * (xs.length - 1))]!;

let t = performance.now();
const { schedule: s } = await loadContext({ cache });
const loadMs = performance.now() - t;

// Lookups: random 10-digit lines of random revisions, each timed (the timer costs ~0.1 µs).
const lines: [string, number][] = [];
for (const rev of s.revisions) for (const c of s.codesIn(rev)) if (c.length === 10) lines.push([c, rev.index]);
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const lookups: number[] = [];
let sink = 0;
for (let i = 0; i < 200_000; i++) {
  const [code, ri] = lines[Math.floor(rnd() * lines.length)]!;
  const rev = s.revisions[ri]!;
  const t0 = process.hrtime.bigint();
  const l = s.line(code, rev);
  lookups.push(Number(process.hrtime.bigint() - t0) / 1000);
  sink += l ? l.general.length : 0;
}

t = performance.now();
const search = openSearch(s, cache);
const searchLoadMs = performance.now() - t;
const queries = [
  'cotton t-shirts men',
  'bananas',
  'laptop computer',
  'steel pipe',
  'passenger motor vehicles',
  'upholstered wooden seats',
  'copper wire',
  'orange juice',
  'semiconductor devices',
  'frozen shrimp',
  'leather footwear women',
  'aluminum foil',
  'lithium ion batteries',
  'red wine',
  'coffee roasted',
  'kitchen cabinets',
  'solar cells',
  'toys dolls',
  'medicaments dosage',
  'trucks diesel',
];
const searches: number[] = [];
for (let round = 0; round < 10; round++)
  for (const q of queries) {
    const rev = s.revisions[(round * 7) % s.revisions.length]!;
    const t0 = performance.now();
    sink += search.search(q, rev, { limit: 20 }).hits.length;
    searches.push(performance.now() - t0);
  }

// Touch every line of every revision so that the whole index is resident.
for (const rev of s.revisions) for (const c of s.codesIn(rev)) sink += s.line(c, rev)?.path.length ?? 0;

console.log(
  JSON.stringify({
    loadMs,
    lookupP50Us: pct(lookups, 50),
    lookupP99Us: pct(lookups, 99),
    searchLoadMs,
    searchP50Ms: pct(searches, 50),
    searchP99Ms: pct(searches, 99),
    rssMb: process.resourceUsage().maxRSS / 1024,
    sink,
  }),
);
