// Golden cases (test/cases/**/*.yaml, one file per law file, names as sentences): each case is an entry and what
// the law says it pays. Expectations come from the law (policy timeline, errata, the HTS text), not from the engine.
// A case marked `disputed` documents a disagreement between the engine and the law: it is run and reported as
// disputed (not failed) whatever the outcome.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROOT, realContext } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { parseEntry } from '../../src/core/evaluate/parse-entry.js';
import { quote, type Quote } from '../../src/core/evaluate/quote.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';

const CASES_DIR = join(ROOT, 'test', 'cases');
const TOLERANCE = 0.001;

const text = z.union([z.string(), z.number()]).transform(String);
const caseSchema = z.strictObject({
  name: z.string().min(1),
  entry: z.strictObject({
    hts: text,
    country: z.string(),
    date: text,
    value: text.optional(),
    quantity: text.optional(),
    program: z.string().optional(),
    loaded: text.optional(),
    imported: text.optional(),
    quota: z.enum(['in', 'over']).optional(),
    content: z.string().optional(),
    claim: z.string().optional(),
    mode: z.enum(['legal', 'as-published']).optional(),
  }),
  expect: z.strictObject({
    total: z.number().optional(),
    components: z.record(z.string(), z.number()).optional(),
    headings: z.array(z.string()).optional(),
    absent: z.array(z.string()).optional(),
    notApplied: z.record(z.string(), z.string()).optional(),
    duty: text.optional(),
    /** The goods may not be entered: the id of the prohibition (no other key of expect applies). */
    prohibited: z.string().optional(),
    /** A note of the quote contains each of these strings. */
    notes: z.array(z.string()).optional(),
  }),
  disputed: z.string().optional(),
});
type Case = z.infer<typeof caseSchema>;

function caseFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...caseFiles(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

function issuePath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Parses one case file; a malformed file throws naming the file and the key. */
function loadCases(file: string): Case[] {
  const rel = relative(CASES_DIR, file);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${rel}: not valid YAML: ${(e as Error).message}`);
  }
  const r = z.array(caseSchema).min(1).safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${rel}: ${issuePath(i.path) || '(root)'}: ${i.message}`);
  }
  const names = new Set<string>();
  r.data.forEach((c, i) => {
    if (names.has(c.name)) throw new Error(`${rel}: [${i}].name: duplicate case name "${c.name}"`);
    names.add(c.name);
  });
  return r.data;
}

/** Every mismatch between the quote and the expectation, as sentences; empty when the case holds. */
export function check(q: Quote, x: Case['expect']): string[] {
  const bad: string[] = [];
  if (x.prohibited !== undefined) return [`expected the prohibition ${x.prohibited}, got a quote`];
  for (const n of x.notes ?? []) if (!q.notes.some((m) => m.includes(n))) bad.push(`notes: none contains "${n}"`);
  const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) <= TOLERANCE;
  if (x.total !== undefined && !near(q.totalAdValorem, x.total))
    bad.push(`total: expected ${x.total}%, got ${q.totalAdValorem}%`);
  if (x.components) {
    for (const [auth, pct] of Object.entries(x.components)) {
      const cs = q.components.filter((c) => c.authority === auth);
      const got =
        cs.length === 0 ? 0 : cs.some((c) => c.adValorem === null) ? null : cs.reduce((s, c) => s + c.adValorem!, 0);
      if (!near(got, pct))
        bad.push(`components.${auth}: expected ${pct}%, got ${got === null ? 'unknown' : `${got}%`}`);
    }
  }
  const reported = new Set(q.components.map((c) => c.heading).filter((h): h is string => !!h));
  for (const h of x.headings ?? [])
    if (!reported.has(h)) bad.push(`headings: ${h} not reported (reported: ${[...reported].join(', ') || 'none'})`);
  for (const h of x.absent ?? []) if (reported.has(h)) bad.push(`absent: ${h} is reported`);
  for (const [h, reason] of Object.entries(x.notApplied ?? {})) {
    const steps = q.trace.filter((s) => s.heading === h && !s.applied);
    if (!steps.some((s) => s.reason === reason))
      bad.push(
        `notApplied.${h}: expected reason ${reason}, got ${steps.length ? steps.map((s) => s.reason).join('/') : reported.has(h) ? 'applied' : 'no trace step'}`,
      );
  }
  const money = (v: string | null) => (v ?? '').replace(/[$,\s]/g, '');
  if (x.duty !== undefined && money(q.totalDuty) !== money(x.duty))
    bad.push(`duty: expected ${x.duty}, got ${q.totalDuty}`);
  return bad;
}

let schedule: Schedule;
let law: Law;
const tally = { passed: 0, failed: 0, disputed: 0 };
const disputedLines: string[] = [];

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
});

afterAll(() => {
  const summary = `${tally.passed} passed, ${tally.failed} failed, ${tally.disputed} disputed`;
  console.log(['law cases (test/cases): ' + summary, ...disputedLines].join('\n'));
});

for (const file of caseFiles(CASES_DIR)) {
  const rel = relative(CASES_DIR, file);
  let cases: Case[] | null = null;
  let parseError: Error | null = null;
  try {
    cases = loadCases(file);
  } catch (e) {
    parseError = e as Error;
  }
  describe(rel, () => {
    if (!cases) {
      it(`${rel} parses`, () => {
        tally.failed++;
        throw parseError;
      });
      return;
    }
    for (const c of cases) {
      it(c.name, () => {
        let problems: string[];
        try {
          const e = parseEntry(c.entry, law);
          const q = quote(schedule, law, e);
          problems =
            q.kind === 'quote'
              ? check(q, c.expect)
              : q.kind === 'prohibited'
                ? q.prohibition.measureId === c.expect.prohibited
                  ? []
                  : [`prohibited by ${q.prohibition.measureId}, expected ${c.expect.prohibited ?? 'a quote'}`]
                : [q.kind === 'no-rate' ? `no rate: ${q.reason}` : `conflict on ${q.heading}`];
        } catch (err) {
          problems = [`error: ${(err as Error).message}`];
        }
        if (c.disputed !== undefined) {
          tally.disputed++;
          disputedLines.push(
            `  disputed ${rel}: ${c.name}\n    ${problems.length ? problems.join('; ') : 'engine now agrees with the expectation'}\n    why: ${c.disputed}`,
          );
          return;
        }
        if (problems.length) tally.failed++;
        else tally.passed++;
        expect(problems.join('\n'), `${rel}: ${c.name}`).toBe('');
      });
    }
  });
}
