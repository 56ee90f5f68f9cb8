// The golden cases of ../shared/spec/golden/*.csv, checked against the official data: every case must pass, or be
// listed in disputed.yaml with the evidence that the official data says otherwise.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { ROOT, realContext } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { parseEntry } from '../../src/core/evaluate/parse-entry.js';
import { quote, type Quote } from '../../src/core/evaluate/quote.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';

const GOLDEN_DIR = join(ROOT, '..', 'shared', 'spec', 'golden');
// The project's own golden cases (same columns, optionally claim, imported and quota) sit next to this test.
const OWN_DIR = join(ROOT, 'test', 'golden');
const files = [
  ...(existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.csv')) : []).map((f) =>
    join(GOLDEN_DIR, f),
  ),
  ...readdirSync(OWN_DIR)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(OWN_DIR, f)),
];

interface Disputed {
  id: string;
  expected: string;
  answer: { total: number; components: Record<string, number>; headings: string[] };
  evidence: string;
}
const disputed = new Map(
  (parseYaml(readFileSync(join(ROOT, 'test', 'golden', 'disputed.yaml'), 'utf8')) as Disputed[]).map((d) => [d.id, d]),
);

let schedule: Schedule;
let law: Law;
beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
});

function byAuthority(q: Quote): Record<string, number> {
  const got: Record<string, number> = {};
  for (const c of q.components) got[c.authority] = (got[c.authority] ?? 0) + (c.adValorem ?? 0);
  return got;
}

function check(q: Quote, total: number, want: Record<string, number>, headings: string[]): string | null {
  const got = byAuthority(q);
  if (Math.abs((q.totalAdValorem ?? NaN) - total) > 0.001) return `total ${q.totalAdValorem} expected ${total}`;
  for (const k of new Set([...Object.keys(got), ...Object.keys(want)]))
    if (Math.abs((got[k] ?? 0) - (want[k] ?? 0)) > 0.001)
      return `components ${JSON.stringify(got)} expected ${JSON.stringify(want)}`;
  const have = new Set(q.components.map((c) => c.heading));
  const missing = headings.filter((h) => !have.has(h));
  if (missing.length)
    return `headings ${[...have].filter(Boolean).join(', ')} expected to include ${missing.join(', ')}`;
  return null;
}

for (const path of files) {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const rows = parseCsv(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const tally = { passed: 0, failed: 0, disputed: 0 };
  describe(`golden ${file}`, () => {
    afterAll(() => {
      console.log(
        `golden ${file}: ${tally.passed} passed, ${tally.failed} failed (${tally.disputed} disputed, see test/golden/disputed.yaml)`,
      );
    });
    for (const row of rows) {
      it(`${row.id}: ${row.why}`, () => {
        const entry = parseEntry(
          {
            hts: row.hts10,
            country: row.country,
            date: row.date,
            program: row.program,
            value: row.value,
            quantity: row.quantity,
            loaded: row.loaded,
            content: row.content,
            mode: row.mode,
            ...(row.claim ? { claim: row.claim } : {}),
            ...(row.imported ? { imported: row.imported } : {}),
            ...(row.quota ? { quota: row.quota } : {}),
          },
          law,
        );
        const q = quote(schedule, law, entry);
        expect(q.kind).toBe('quote');
        if (q.kind !== 'quote') return;
        const want = Object.fromEntries(
          row
            .expect_components!.split(';')
            .filter(Boolean)
            .map((p) => {
              const [k, v] = p.split('=');
              return [k!, Number(v)];
            }),
        );
        const problem = check(q, Number(row.expect_total_pct), want, row.expect_headings!.split(';').filter(Boolean));
        const d = disputed.get(row.id!);
        if (d) {
          tally.disputed++;
          // The case is disputed: the engine must give the answer the evidence supports.
          const alt = check(q, d.answer.total, d.answer.components, d.answer.headings);
          if (alt) tally.failed++;
          else tally.passed++;
          expect(alt, `disputed case ${row.id}: ${d.evidence}`).toBeNull();
          return;
        }
        if (problem) tally.failed++;
        else tally.passed++;
        expect(
          problem,
          `${row.id} (${row.hts10} ${row.country} ${row.date}): ${problem}\n  why: ${row.why}`,
        ).toBeNull();
      });
    }
  });
}

it('golden case files are present', () => {
  expect(files.length).toBeGreaterThan(1);
});
