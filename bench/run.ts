// `npm run bench`: speed of the foundation, printed as a table and written to bench/results.json.
// Figures are measurements on this machine; targets come from the issue. Child processes isolate memory figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'tariff.js');

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}
const rows: Row[] = [];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function child(script: string, args: string[], env: Record<string, string> = {}): Record<string, number> {
  const out = execFileSync('node', [join(root, 'dist', 'bench', script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

function wallMs(cmd: string, args: string[], runs: number, env: Record<string, string> = {}): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  return times;
}

const cold = mkdtempSync(join(tmpdir(), 'tariff-bench-cache-'));
try {
  // 1. Build the compiled index from the 44 JSON files, in a fresh cache directory.
  const build = child('build-index.js', [cold]);
  rows.push({ name: 'build compiled index (44 revisions, incl. search index)', value: build.ms! / 1000, unit: 's' });
  rows.push({ name: 'build: peak RSS', value: build.rssMb!, unit: 'MB' });
  rows.push({ name: 'compiled index size', value: build.indexMb!, unit: 'MB' });

  // 2. `tariff hts` as a whole process with a warm cache, against `node -e 0`.
  wallMs('node', [bin, 'hts', '6109.10.0012'], 2, { TARIFF_CACHE: cold });
  const hts = wallMs('node', [bin, 'hts', '6109.10.0012', '--json'], 15, { TARIFF_CACHE: cold });
  const bare = wallMs('node', ['-e', '0'], 15);
  const htsP50 = pct(hts, 50);
  const bareP50 = pct(bare, 50);
  rows.push({
    name: 'warm `tariff hts` wall (p50 of 15)',
    value: htsP50,
    unit: 'ms',
    target: '<= 300',
    ok: htsP50 <= 300,
  });
  rows.push({ name: '`node -e 0` wall (p50 of 15)', value: bareP50, unit: 'ms' });
  rows.push({
    name: 'warm `tariff hts` / `node -e 0`',
    value: htsP50 / bareP50,
    unit: 'x',
    target: '<= 12',
    ok: htsP50 / bareP50 <= 12,
  });

  // 3-5. In-process latencies and memory with every revision loaded.
  const inproc = child('inprocess.js', [cold]);
  rows.push({ name: 'load compiled index (in process)', value: inproc.loadMs!, unit: 'ms' });
  rows.push({
    name: 'lookup p50',
    value: inproc.lookupP50Us!,
    unit: 'µs',
    target: '<= 20',
    ok: inproc.lookupP50Us! <= 20,
  });
  rows.push({ name: 'lookup p99', value: inproc.lookupP99Us!, unit: 'µs' });
  rows.push({
    name: 'search p50',
    value: inproc.searchP50Ms!,
    unit: 'ms',
    target: '<= 5',
    ok: inproc.searchP50Ms! <= 5,
  });
  rows.push({ name: 'search p99', value: inproc.searchP99Ms!, unit: 'ms' });
  rows.push({ name: 'load search index', value: inproc.searchLoadMs!, unit: 'ms' });
  rows.push({
    name: 'RSS, all revisions loaded and touched, search loaded',
    value: inproc.rssMb!,
    unit: 'MB',
    target: '<= 1024',
    ok: inproc.rssMb! <= 1024,
  });
  // Quotes in process, and a batch file through the CLI.
  const q = child('quotes.js', [cold]);
  rows.push({
    name: 'quotes per second, in process, one core (no trace)',
    value: q.perSecond!,
    unit: '/s',
    target: '>= 200000',
    ok: q.perSecond! >= 200_000,
  });
  rows.push({ name: 'one quote (no trace)', value: q.usEach!, unit: 'µs', target: '<= 50', ok: q.usEach! <= 50 });
  rows.push({ name: 'one quote with its trace', value: q.usEachWithTrace!, unit: 'µs' });
  const lines = Number(process.env['BENCH_BATCH_LINES'] ?? 1_000_000);
  const csv = join(cold, 'batch.csv');
  const countries = ['CN', 'JP', 'DE', 'VN', 'MX', 'CA', 'BR', 'IN', 'GB', 'KR'];
  const codes = [
    '6109100012',
    '8471300100',
    '7208101500',
    '8703230170',
    '9401614011',
    '6403999065',
    '8517130000',
    '0803900035',
  ];
  const dates = ['2025-02-10', '2025-04-10', '2025-06-10', '2025-08-20', '2025-11-20', '2026-03-01', '2026-05-01'];
  const parts = ['hts,country,date,value\n'];
  for (let i = 0; i < lines; i++)
    parts.push(
      `${codes[i % codes.length]},${countries[(i >> 3) % countries.length]},${dates[(i >> 5) % dates.length]},${1000 + (i % 997)}\n`,
    );
  writeFileSync(csv, parts.join(''));
  const t = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', 'node', bin, 'quote', '--input', csv, '--output', join(cold, 'out.jsonl')],
    {
      cwd: root,
      env: { ...process.env, TARIFF_CACHE: cold },
      encoding: 'utf8',
    },
  );
  const batchS = (performance.now() - t) / 1000;
  const rssMb = Number(r.stderr.trim().split('\n').pop()) / 1024;
  rows.push({
    name: `batch CLI, ${lines.toLocaleString('en-US')} lines`,
    value: batchS,
    unit: 's',
    target: lines === 1_000_000 ? '<= 60' : undefined,
    ok: lines === 1_000_000 ? batchS <= 60 : undefined,
  });
  rows.push({ name: 'batch CLI peak RSS', value: rssMb, unit: 'MB', target: '<= 1536', ok: rssMb <= 1536 });

  // An entry file through `tariff entries` (issue 7): lines over ~2,000 entries of 500 lines, each entry on one date,
  // mixed ocean and air, both quotes per line (as published and as amended), LINES.csv and SUMMARY.json written.
  const entryLines = Number(process.env['BENCH_ENTRIES_LINES'] ?? 1_000_000);
  const entriesCsv = join(cold, 'entries.csv');
  const eparts = ['entry,line,date,hts,country,value,transport\n'];
  for (let i = 0; i < entryLines; i++) {
    const e = Math.floor(i / 500);
    eparts.push(
      `E${String(e).padStart(7, '0')},${(i % 500) + 1},${dates[e % dates.length]},${codes[i % codes.length]},` +
        `${countries[(i >> 2) % countries.length]},${100 + (i % 4999)}.${String(i % 100).padStart(2, '0')},` +
        `${e % 3 === 0 ? 'air' : 'ocean'}\n`,
    );
  }
  writeFileSync(entriesCsv, eparts.join(''));
  eparts.length = 0;
  const te = performance.now();
  const re = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      'node',
      bin,
      'entries',
      entriesCsv,
      '--output',
      join(cold, 'entry-lines.csv'),
      '--summary',
      join(cold, 'entry-summary.json'),
    ],
    { cwd: root, env: { ...process.env, TARIFF_CACHE: cold }, encoding: 'utf8' },
  );
  const entriesS = (performance.now() - te) / 1000;
  // Exit 2 means some lines have errors (still a complete run); anything else is a failure.
  if (re.status !== 0 && re.status !== 2) throw new Error(`tariff entries exited ${re.status}: ${re.stderr}`);
  const entriesRssMb = Number(re.stderr.trim().split('\n').pop()) / 1024;
  const full = entryLines === 1_000_000;
  rows.push({
    name: `entries CLI, ${entryLines.toLocaleString('en-US')} lines`,
    value: entriesS,
    unit: 's',
    target: full ? '<= 60' : undefined,
    ok: full ? entriesS <= 60 : undefined,
  });
  rows.push({
    name: 'entries CLI peak RSS',
    value: entriesRssMb,
    unit: 'MB',
    target: '<= 1024',
    ok: entriesRssMb <= 1024,
  });
  // Analytics (issue 5): the matrix of one date, the full daily series by each grouping, one scenario series.
  const timed = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', 'node', bin, ...args], {
      cwd: root,
      env: { ...process.env, TARIFF_CACHE: cold },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`tariff ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { s: (performance.now() - t0) / 1000, rssMb: Number(r.stderr.trim().split('\n').pop()) / 1024 };
  };
  const seriesTo = process.env['BENCH_SERIES_TO'] ?? '2026-06-08';
  for (const [format, file] of [
    ['csv', 'matrix.csv'],
    ['parquet', 'matrix.parquet'],
  ] as const) {
    const m = timed(['matrix', '--date', '2025-08-20', '--format', format, '--output', join(cold, file)]);
    rows.push({
      name: `matrix of one date (${format}), 2025-08-20`,
      value: m.s,
      unit: 's',
      target: '<= 5',
      ok: m.s <= 5,
    });
    rows.push({ name: `matrix (${format}) peak RSS`, value: m.rssMb, unit: 'MB' });
  }
  for (const by of ['overall', 'country', 'authority']) {
    const r = timed([
      'series',
      '--from',
      '2025-01-01',
      '--to',
      seriesTo,
      '--by',
      by,
      // Every date evaluated (the points of the first run are in the cache for the next ones otherwise).
      '--recompute',
      '--output',
      join(cold, `s-${by}.csv`),
    ]);
    rows.push({
      name: `series 2025-01-01..${seriesTo} by ${by} (default assumptions)`,
      value: r.s,
      unit: 's',
      target: '<= 60',
      ok: r.s <= 60,
    });
    rows.push({
      name: `series by ${by} peak RSS (process, 2 threads)`,
      value: r.rssMb,
      unit: 'MB',
      target: '<= 4096',
      ok: r.rssMb <= 4096,
    });
  }
  const sc = timed([
    'scenario',
    'run',
    join(root, 'law', 'scenarios', 'japan-no-pause.yaml'),
    '--from',
    '2025-01-01',
    '--to',
    seriesTo,
    '--output',
    join(cold, 'scenario.csv'),
  ]);
  rows.push({
    name: 'scenario series (Japan without the pause), baseline from the cache',
    value: sc.s,
    unit: 's',
    target: '<= 30',
    ok: sc.s <= 30,
  });

  // The HTTP API under load, on 127.0.0.1 only, 10 seconds.
  const load = child('load.js', [cold]);
  rows.push({
    name: 'API GET /api/quote, 32 connections, 10 s',
    value: load.requestsPerSecond!,
    unit: 'req/s',
    target: '>= 5000',
    ok: load.requestsPerSecond! >= 5000,
  });
  rows.push({
    name: 'API GET /api/quote p99 latency',
    value: load.p99Ms!,
    unit: 'ms',
    target: '<= 50',
    ok: load.p99Ms! <= 50,
  });
  rows.push({ name: 'API errors under load', value: load.errors!, unit: '', target: '0', ok: load.errors === 0 });
  rows.push({
    name: 'API POST /api/quote, 10,000 lines',
    value: load.post10kMs! / 1000,
    unit: 's',
    target: '<= 2',
    ok: load.post10kMs! <= 2000,
  });
} finally {
  rmSync(cold, { recursive: true, force: true });
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`${'measure'.padEnd(w)}  ${'value'.padStart(10)}  unit  target   `);
for (const r of rows)
  console.log(
    `${r.name.padEnd(w)}  ${fmt(r.value).padStart(10)}  ${r.unit.padEnd(4)}  ${(r.target ?? '').padEnd(8)} ${r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'}`,
  );
const results = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  rows,
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten: bench/results.json');
