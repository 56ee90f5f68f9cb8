// `node dist/bench/matrix.js [DATE ...]`: the rate matrix of one date (every HTS-10 line of chapters 1-97 x every
// country with a Census code), written as CSV to a temporary file; one child process per date, so that each peak
// RSS is its own. Prints a table and, last, one JSON line. Target (issue 5): <= 5 s for one date on 2 cores.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_DATES = ['2025-01-15', '2025-04-10', '2025-08-20', '2026-03-02'];

interface Result {
  date: string;
  loadMs: number;
  matrixMs: number;
  totalMs: number;
  rssMb: number;
  rows: number;
  classes: number;
  treatments: number;
  quotes: number;
  csvMb: number;
}

async function childRun(date: string): Promise<void> {
  const t0 = performance.now();
  const { loadContext } = await import('../src/cli/context.js');
  const { loadLawFor } = await import('../src/cli/law.js');
  const { writeMatrix } = await import('../src/analytics/matrix.js');
  const ctx = await loadContext({});
  const law = loadLawFor(ctx);
  const t1 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tariff-bench-matrix-'));
  try {
    const file = join(dir, 'matrix.csv');
    const fd = openSync(file, 'w');
    const stats = await writeMatrix(ctx.schedule, law, { date: date as never }, (chunk) => {
      writeSync(fd, chunk);
    });
    closeSync(fd);
    const t2 = performance.now();
    const r: Result = {
      date,
      loadMs: t1 - t0,
      matrixMs: t2 - t1,
      totalMs: t2 - t0,
      rssMb: process.resourceUsage().maxRSS / 1024,
      rows: stats.rows,
      classes: stats.classes,
      treatments: stats.treatments,
      quotes: stats.quotes,
      csvMb: statSync(file).size / 1e6,
    };
    process.stdout.write(`${JSON.stringify(r)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await childRun(process.argv[3]!);
else {
  const dates = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_DATES;
  const results: Result[] = [];
  for (const date of dates) {
    const out = execFileSync('node', [fileURLToPath(import.meta.url), '--child', date], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.push(JSON.parse(out.trim().split('\n').pop()!) as Result);
  }
  const f = (x: number, d = 2) => x.toFixed(d);
  process.stdout.write(
    'date        load s  matrix s  total s  peak RSS MB  rows       classes  treatments  quotes  CSV MB\n',
  );
  for (const r of results)
    process.stdout.write(
      `${r.date}  ${f(r.loadMs / 1000).padStart(6)}  ${f(r.matrixMs / 1000).padStart(8)}  ${f(r.totalMs / 1000).padStart(7)}  ${f(r.rssMb, 0).padStart(11)}  ${String(r.rows).padEnd(9)}  ${String(r.classes).padStart(7)}  ${String(r.treatments).padStart(10)}  ${String(r.quotes).padStart(6)}  ${f(r.csvMb, 0).padStart(6)}\n`,
    );
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
