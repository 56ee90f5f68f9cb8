// Every distinct rate string of all 44 USITC HTS revisions parses to a typed expression, formulas are never
// classified as text, and printing then re-parsing gives back the same AST; `tariff rate` (tryParseRate) accepts
// every non-blank one of the general, special and other columns (issue 12, defect 9).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  normalizeRateText,
  parseRate,
  parseSpecial,
  printRate,
  printSpecial,
  tryParseRate,
  type RateExpr,
  type SpecialColumn,
} from '../../../src/core/hts/rate/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sources = process.env.TARIFF_SOURCES ?? join(repo, '..', 'shared', 'data');
const dir = join(sources, 'usitc-hts');

const FIELDS = ['general', 'special', 'other', 'additionalDuties'] as const;
type Field = (typeof FIELDS)[number];

let loaded: Record<Field, Set<string>> | undefined;

/** The distinct strings of each field over all revisions, read once for all tests of this file. */
function distinct(): Record<Field, Set<string>> {
  loaded ??= loadDistinct();
  return loaded;
}

function loadDistinct(): Record<Field, Set<string>> {
  const sets = {
    general: new Set<string>(),
    special: new Set<string>(),
    other: new Set<string>(),
    additionalDuties: new Set<string>(),
  };
  const files = readdirSync(dir).filter((f) => /^hts_.*\.json\.gz$/.test(f));
  expect(files.length).toBe(44);
  for (const f of files) {
    const rows = JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')) as Record<string, unknown>[];
    for (const row of rows) {
      for (const k of FIELDS) {
        const v = row[k];
        if (typeof v === 'string') sets[k].add(v);
      }
    }
  }
  return sets;
}

/** A formula marker: a number followed by % or ¢, or a $ amount. */
const LOOKS_LIKE_FORMULA = /\d ?[%¢]|\$ ?\d/;

function exprsOfSpecial(c: SpecialColumn): RateExpr[] {
  return [...c.groups.map((g) => g.expr), ...(c.trailing ? [c.trailing] : [])];
}

describe.skipIf(!existsSync(dir))('all USITC HTS rate strings (44 revisions)', () => {
  it('parse, classify formulas as formulas, and round-trip through the printer', () => {
    const t0 = performance.now();
    const sets = distinct();
    const t1 = performance.now();
    const kinds: Record<string, number> = {};
    const failures: string[] = [];
    const count = (e: RateExpr) => (kinds[e.kind] = (kinds[e.kind] ?? 0) + 1);
    const checkExpr = (field: string, raw: string, e: RateExpr, text: string) => {
      if ((e.kind === 'text' || e.kind === 'reference') && LOOKS_LIKE_FORMULA.test(text)) {
        failures.push(`${field}: formula-looking text parsed as ${e.kind}: ${JSON.stringify(raw)}`);
      }
    };
    const union = new Set<string>();
    for (const field of ['general', 'other', 'additionalDuties'] as const) {
      for (const raw of sets[field]) {
        let e: RateExpr;
        try {
          e = parseRate(raw);
        } catch (err) {
          failures.push(`${field}: threw on ${JSON.stringify(raw)}: ${String(err)}`);
          continue;
        }
        if (!union.has(raw)) count(e);
        checkExpr(field, raw, e, normalizeRateText(raw));
        if (e.kind === 'text') failures.push(`${field}: unclassified text ${JSON.stringify(raw)}`);
        const again = parseRate(printRate(e));
        if (JSON.stringify(again) !== JSON.stringify(e)) {
          failures.push(`${field}: round trip ${JSON.stringify(raw)} → ${JSON.stringify(printRate(e))}`);
        }
        union.add(raw);
      }
    }
    const specialKinds: Record<string, number> = {};
    let groups = 0;
    for (const raw of sets.special) {
      union.add(raw);
      let c: SpecialColumn;
      try {
        c = parseSpecial(raw);
      } catch (err) {
        failures.push(`special: threw on ${JSON.stringify(raw)}: ${String(err)}`);
        continue;
      }
      groups += c.groups.length;
      for (const g of c.groups) {
        if (g.programs.length === 0) failures.push(`special: empty program list in ${JSON.stringify(raw)}`);
      }
      for (const e of exprsOfSpecial(c)) {
        specialKinds[e.kind] = (specialKinds[e.kind] ?? 0) + 1;
        checkExpr('special', raw, e, printRate(e));
        if (e.kind === 'text') failures.push(`special: unclassified text in ${JSON.stringify(raw)}`);
      }
      const again = parseSpecial(printSpecial(c));
      if (JSON.stringify(again) !== JSON.stringify(c)) {
        failures.push(`special: round trip ${JSON.stringify(raw)} → ${JSON.stringify(printSpecial(c))}`);
      }
    }
    const t2 = performance.now();
    console.log(
      `distinct strings: general ${sets.general.size}, special ${sets.special.size}, other ${sets.other.size}, ` +
        `additionalDuties ${sets.additionalDuties.size}; union ${union.size}\n` +
        `kinds of the distinct general/other/additionalDuties strings: ${JSON.stringify(kinds)}\n` +
        `special: ${groups} groups; group/trailing kinds: ${JSON.stringify(specialKinds)}\n` +
        `load ${Math.round(t1 - t0)} ms, parse+check ${Math.round(t2 - t1)} ms`,
    );
    expect(failures).toEqual([]);
    expect(sets.general.size + sets.special.size + sets.other.size).toBeGreaterThan(2000);
  });

  it('tariff rate accepts every distinct non-blank string of the general, special and other columns', () => {
    const sets = distinct();
    const raw = new Set([...sets.general, ...sets.special, ...sets.other]);
    // Distinct as the issue counts them: trimmed, blank cells ("", " ", "\n") left out.
    const strings = [...new Set([...raw].map((s) => s.trim()))].filter((s) => s !== '');
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    let programGroups = 0;
    for (const s of strings) {
      const r = tryParseRate(s);
      if (!r.ok) {
        failures.push(`${JSON.stringify(s)}: ${r.error.message}`);
        continue;
      }
      kinds[r.expr.kind] = (kinds[r.expr.kind] ?? 0) + 1;
      if (r.expr.kind === 'special') {
        programGroups += r.expr.groups.length;
        // the same groups as the special column reader gives, and back from the printer
        expect({ kind: 'special', ...parseSpecial(s) }).toEqual(r.expr);
        expect(parseRate(printRate(r.expr))).toEqual(r.expr);
      }
    }
    console.log(
      `tariff rate: ${strings.length - failures.length} of ${strings.length} distinct non-blank strings parse ` +
        `(${raw.size} distinct raw strings with the blank ones); kinds ${JSON.stringify(kinds)}; ` +
        `${programGroups} program groups in the special ones`,
    );
    expect(failures).toEqual([]);
    expect(strings.length).toBeGreaterThan(2200);
  });
});
