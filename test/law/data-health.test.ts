// Tests of the law files themselves (style lesson 13): citations, ids, windows, scopes, and a corpus of malformed
// law files (test/law/bad/*.yaml) that the loader must reject naming the file and the key.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT, realContext } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { lawDir } from '../../src/load/index.js';
import { loadCountryTable } from '../../src/load/countries.js';
import { loadProductLists } from '../../src/load/lists.js';
import { LawError, loadLaw, undecidedCoverage } from '../../src/load/law.js';
import type { Candidate, Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';

const LAW = lawDir();

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

let law: Law;
let schedule: Schedule;
let sourcesDir: string;

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  sourcesDir = ctx.sourcesDir;
  law = loadLawFor(ctx);
});

const candidates = () => law.programs.flatMap((p) => p.candidates.map((c) => ({ p, c })));
const overlaps = (a: { from: string; to?: string }, b: { from: string; to?: string }) =>
  a.from < (b.to ?? '9999-12-31') && b.from < (a.to ?? '9999-12-31');
const countryKey = (c: Candidate) => JSON.stringify(c.countries ?? null);

describe('law files', () => {
  it('load without error', () => {
    expect(law.programs.length).toBeGreaterThan(10);
  });

  it('every dated value has a ref (scanning the YAML)', () => {
    const missing: string[] = [];
    for (const f of yamlFiles(LAW)) {
      const doc = parseYaml(readFileSync(f, 'utf8')) as Record<string, unknown>;
      const cands = (doc?.candidates as { heading: string; rates: { ref?: string }[] }[] | undefined) ?? [];
      cands.forEach((c, ci) =>
        c.rates.forEach((r, ri) => {
          if (!r.ref) missing.push(`${relative(LAW, f)}: candidates[${ci}].rates[${ri}]`);
        }),
      );
      for (const [i, g] of ((doc?.precedence as { ref?: string }[] | undefined) ?? []).entries())
        if (!g.ref) missing.push(`${relative(LAW, f)}: precedence[${i}]`);
    }
    expect(missing).toEqual([]);
  });

  it('every reference title has balanced parentheses (an unquoted " #" in YAML cuts a title short)', () => {
    const bad = [...law.references.values()]
      .filter((r) => (r.title.match(/\(/g) ?? []).length !== (r.title.match(/\)/g) ?? []).length)
      .map((r) => `${r.id}: ${r.title}`);
    expect(bad).toEqual([]);
  });

  it('every ref resolves', () => {
    const bad = candidates().flatMap(({ c }) => c.rates.filter((r) => !law.references.has(r.ref)).map(() => c.id));
    expect(bad).toEqual([]);
  });

  it('every measure id is unique', () => {
    const ids = candidates().map(({ c }) => c.id);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
  });

  it('windows are well ordered', () => {
    const bad: string[] = [];
    for (const { c } of candidates()) {
      for (const r of c.rates) if (r.to && r.to <= r.from) bad.push(`${c.id}: ${r.from}..${r.to}`);
      for (let i = 1; i < c.rates.length; i++)
        if (!c.rates[i - 1]!.to || c.rates[i - 1]!.to! > c.rates[i]!.from)
          bad.push(`${c.id}: overlap at ${c.rates[i]!.from}`);
    }
    for (const g of law.precedence) if (g.to && g.to <= g.from) bad.push(`precedence ${g.id}`);
    expect(bad).toEqual([]);
  });

  it('no two candidates of the same heading overlap in time for the same countries and products', () => {
    const bad: string[] = [];
    const all = candidates();
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i]!.c;
        const b = all[j]!.c;
        if (a.heading !== b.heading || countryKey(a) !== countryKey(b)) continue;
        if (JSON.stringify(a.products ?? null) !== JSON.stringify(b.products ?? null)) continue;
        if (JSON.stringify(a.when ?? null) !== JSON.stringify(b.when ?? null)) continue;
        for (const ra of a.rates) for (const rb of b.rates) if (overlaps(ra, rb)) bad.push(`${a.id} / ${b.id}`);
      }
    expect(bad).toEqual([]);
  });

  it('every precedence id resolves to a program, every reportedUnder to a heading set', () => {
    const ids = new Set(law.programs.map((p) => p.id));
    const bad = [
      ...candidates().flatMap(({ c }) =>
        c.when?.reportedUnder && !law.headingSets.has(c.when.reportedUnder) ? [c.when.reportedUnder] : [],
      ),
      ...law.precedence.flatMap((g) => g.tiers.flat().filter((d) => !ids.has(d))),
    ];
    expect(bad).toEqual([]);
  });

  it('a "subject to Section 232" rule sees every Section 232 program, including one added later', () => {
    const readers = law.programs.filter((p) => p.candidates.some((c) => c.when?.subjectTo?.authority.includes('s232')));
    expect(readers.map((p) => p.id).sort()).toEqual(['ieepa-brazil', 'ieepa-india', 'ieepa-reciprocal', 's122']);
    const s232 = law.programs.filter((p) => p.authority === 's232').map((p) => p.id);
    expect(s232).toContain('s232-uas');
    for (const r of readers) for (const id of s232) expect(r.dependsOn, `${r.id} reads ${id}`).toContain(id);
    // Every program of an authority a heading set reaches is either named by the set or listed as not covered.
    expect(undecidedCoverage(law)).toEqual([]);
  });

  it('every country code and group exists, every list name resolves', () => {
    const bad: string[] = [];
    for (const { c } of candidates()) {
      for (const code of [...(c.countries?.codes ?? []), ...(c.countries?.except ?? [])])
        if (!law.countries.countries.has(code)) bad.push(`${c.id}: ${code}`);
      for (const g of [...(c.countries?.groups ?? []), ...(c.countries?.exceptGroups ?? [])])
        if (!law.countries.groups.has(g)) bad.push(`${c.id}: group ${g}`);
      for (const l of [...(c.products?.lists ?? []), ...(c.products?.except?.lists ?? [])])
        if (!law.lists.has(l)) bad.push(`${c.id}: list ${l}`);
    }
    expect(bad).toEqual([]);
  });

  it('every HTS prefix of a products scope exists in at least one revision', () => {
    const codes = schedule.allCodes();
    const exists = (p: string) => {
      // codes are sorted: binary search for the first code >= p
      let lo = 0;
      let hi = codes.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (codes[m]! < p) lo = m + 1;
        else hi = m;
      }
      return lo < codes.length && codes[lo]!.startsWith(p);
    };
    // A record after the last revision may name a statistical number created later, under a known subheading.
    const last = schedule.latest.effective;
    const later = (c: Candidate, p: string) =>
      p.length === 10 && exists(p.slice(0, 8)) && c.rates.every((r) => r.from > last);
    const bad = candidates().flatMap(({ c }) =>
      [...(c.products?.prefixes ?? []), ...(c.products?.except?.prefixes ?? [])]
        .filter((p) => !exists(p) && !later(c, p))
        .map((p) => `${c.id}: ${p}`),
    );
    if (bad.length) console.log(`HTS prefixes in no revision of the schedule:\n  ${bad.join('\n  ')}`);
    expect(bad).toEqual([]);
  });

  it('every heading exists in at least one revision of Chapter 99 (known exceptions listed)', () => {
    const missing = [
      ...new Set(
        candidates()
          .map(({ c }) => c.heading)
          .filter((h) => schedule.firstPublished(h.replace(/\./g, '')) === null),
      ),
    ].sort();
    console.log(`headings never published in the HTS: ${missing.join(', ') || 'none'}`);
    // A heading no revision of the sources prints must be a measure after the last one (awaiting its revision,
    // listed by check-policy): every dated value starts after the last revision's effective date.
    const last = schedule.latest.effective;
    const early = candidates()
      .filter(({ c }) => missing.includes(c.heading) && c.rates.some((r) => r.from <= last))
      .map(({ c }) => c.id);
    expect(early).toEqual([]);
    for (const { c } of candidates()) if (missing.includes(c.heading)) expect(c.awaitingPrint, c.id).toBe(true);
  });
});

describe('malformed law corpus (test/law/bad)', () => {
  const BAD = join(ROOT, 'test', 'law', 'bad');
  const expected: Record<string, RegExp> = {
    'missing-ref.yaml': /candidates\[0\]\.rates\[0\]\.ref/,
    'unknown-key.yaml': /candidates\[0\]/,
    'overlap.yaml': /candidates\[0\]\.rates.*overlap/,
    'unknown-list.yaml': /candidates\[0\]\.products.*no\/such-list/,
    'cycle.yaml': /when\.subjectTo.*cycle/,
    'reversed-window.yaml': /candidates\[0\]\.rates\[0\].*not after/,
  };
  for (const file of readdirSync(BAD)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    it(`${file} is rejected naming the file and the key`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'tariff-bad-law-'));
      try {
        // A minimal valid law directory: the real references, plus the bad file.
        copyFileSync(join(LAW, 'references.yaml'), join(dir, 'references.yaml'));
        copyFileSync(join(BAD, file), join(dir, file));
        // A companion file (.yml, so that this loop skips it) completes a bad file that needs a second program.
        const companion = join(BAD, file.replace(/\.yaml$/, '.companion.yml'));
        if (existsSync(companion)) copyFileSync(companion, join(dir, `z-${file}`));
        const countries = loadCountryTable(LAW);
        const lists = loadProductLists(LAW, sourcesDir, () => {});
        let err: unknown = null;
        try {
          loadLaw({ lawDir: dir, countries, lists });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(LawError);
        const msg = (err as LawError).message;
        expect(msg.startsWith(`${file}:`), msg).toBe(true);
        expect(msg).toMatch(expected[file] ?? /./);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
