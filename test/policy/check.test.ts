// check-policy: the comparison of record rates with printed Chapter 99 rates, on small synthetic inputs, and one run
// on the real schedule and law (shape only, plus 9903.01.63 which must agree in every revision of its windows).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPolicy,
  loadOutOfScope,
  parseOutOfScope,
  rateAgrees,
  type OutOfScopeFile,
  type ScheduleLike,
} from '../../src/policy/check.js';
import type { Candidate, DatedRate, Law, Program } from '../../src/core/law/types.js';
import { loadLawFor } from '../../src/cli/law.js';
import { lawDir } from '../../src/load/index.js';
import { realContext } from '../helpers.js';

interface Rev {
  id: string;
  effective: string;
}

/** A schedule of a few revisions: rows[revId][digits] = general text. */
function fakeSchedule(revs: Rev[], rows: Record<string, Record<string, string>>): ScheduleLike<Rev> {
  return {
    revisions: revs,
    codesIn: (rev) => Object.keys(rows[rev.id] ?? {}).sort(),
    line: (digits, rev) => {
      const g = rows[rev.id]?.[digits];
      return g === undefined ? null : { general: g, description: '' };
    },
  };
}

type LooseRate = Omit<DatedRate, 'from' | 'to'> & { from: string; to?: string };

function cand(heading: string, rates: LooseRate[]): Candidate {
  return { id: `p/${heading}`, heading, title: heading, rates: rates as DatedRate[] };
}

function lawOf(...candidates: Candidate[]): Pick<Law, 'programs'> {
  const p: Program = {
    id: 'p',
    authority: 'other',
    title: 'test',
    file: 'test.yaml',
    candidates,
    dependsOn: [],
    notModelled: [],
  };
  return { programs: [p] };
}

const REVS: Rev[] = [
  { id: 'r1', effective: '2025-01-01' },
  { id: 'r2', effective: '2025-04-09' },
  { id: 'r3', effective: '2025-04-10' },
];
const APPLICABLE = 'The duty provided in the applicable subheading';
const NONE: OutOfScopeFile = { headings: [] };

describe('rateAgrees', () => {
  it('matches each record kind with its printed form', () => {
    expect(rateAgrees({ kind: 'add', percent: '25' }, `${APPLICABLE} + 25%`)).toBe(true);
    expect(rateAgrees({ kind: 'add', percent: '7.5' }, `${APPLICABLE} + 7.5%`)).toBe(true);
    expect(rateAgrees({ kind: 'add', percent: '50' }, `${APPLICABLE} + 50%.`)).toBe(true);
    expect(rateAgrees({ kind: 'add', percent: '25' }, `${APPLICABLE} + 50%`)).toBe(false);
    expect(rateAgrees({ kind: 'floor', percent: '15' }, '15%')).toBe(true);
    expect(rateAgrees({ kind: 'floor', percent: '15' }, `${APPLICABLE} + 15%`)).toBe(false);
    expect(rateAgrees({ kind: 'add', percent: '15' }, '15%')).toBe(false);
    for (const t of [APPLICABLE, 'No change', 'Free', `${APPLICABLE}.`])
      expect(rateAgrees({ kind: 'none' }, t)).toBe(true);
    expect(rateAgrees({ kind: 'none' }, `${APPLICABLE} + 10%`)).toBe(false);
    expect(
      rateAgrees(
        { kind: 'content', percent: '50', content: 'aluminum' },
        `${APPLICABLE} + a duty of 50% upon the value of the aluminum content.`,
      ),
    ).toBe(true);
    expect(
      rateAgrees(
        { kind: 'content', percent: '50', content: 'steel' },
        `${APPLICABLE} + a duty of 50% upon the value of the aluminum content.`,
      ),
    ).toBe(false);
    expect(
      rateAgrees({ kind: 'nonUsContent', percent: '25' }, `${APPLICABLE} + 25% upon the value of the non-U.S. content`),
    ).toBe(true);
  });
});

describe('checkPolicy on synthetic inputs', () => {
  const schedule = fakeSchedule(REVS, {
    r1: { '99030125': `${APPLICABLE} + 10%`, '99038805': APPLICABLE, '99038806': APPLICABLE },
    r2: { '99030125': `${APPLICABLE} + 10%`, '99030163': `${APPLICABLE} + 84%`, '99039999': '' },
    r3: { '99030125': `${APPLICABLE} + 10%`, '99030163': `${APPLICABLE} + 125%`, '99039999': '' },
  });
  const law = lawOf(
    cand('9903.01.25', [{ from: '2025-04-05', rate: { kind: 'add', percent: '10' }, ref: 'x' }]),
    cand('9903.01.63', [
      { from: '2025-04-09', to: '2025-04-10', rate: { kind: 'add', percent: '84' }, ref: 'x' },
      { from: '2025-04-10', rate: { kind: 'add', percent: '34' }, ref: 'x' },
    ]),
  );
  const oos: OutOfScopeFile = {
    headings: [{ range: '9903.88.05-9903.88.68', reason: 'exclusions', evidence: 'note 20' }],
  };
  const r = checkPolicy(schedule, law, oos);

  it('counts headings, coverage, out-of-scope ranges and uncovered headings', () => {
    expect(r.revisions).toBe(3);
    expect(r.headings).toBe(5);
    expect(r.covered).toBe(2);
    expect(r.outOfScope).toEqual([
      { heading: '9903.88.05-9903.88.68', reason: 'exclusions', evidence: 'note 20', matched: 2 },
    ]);
    expect(r.uncovered).toEqual(['9903.99.99']);
  });

  it('a matching record gives no disagreement; a differing one gives one row per revision', () => {
    // 9903.01.25 agrees in r2 and r3; r1 (2025-01-01) is before its window and is not compared.
    expect(r.disagreements).toEqual([
      { heading: '9903.01.63', revision: 'r3', law: '+34%', hts: `${APPLICABLE} + 125%` },
    ]);
  });

  it('a known difference is reported apart, not as a disagreement', () => {
    const k = checkPolicy(schedule, law, {
      headings: [],
      knownDifferences: [{ heading: '9903.01.63', revisions: ['r3'], reason: 'explained', evidence: 'e' }],
    });
    expect(k.disagreements).toEqual([]);
    expect(k.knownDifferences).toEqual([
      { heading: '9903.01.63', revision: 'r3', law: '+34%', hts: `${APPLICABLE} + 125%`, reason: 'explained' },
    ]);
  });

  it('a record wins over an out-of-scope entry, and the overlap is noted', () => {
    const k = checkPolicy(schedule, law, {
      headings: [{ heading: '9903.01.25', reason: 'r', evidence: 'e' }],
    });
    expect(k.covered).toBe(2);
    expect(k.outOfScope).toEqual([]);
    expect(k.notes.some((n) => n.heading === '9903.01.25')).toBe(true);
  });

  it('notes a window that starts before the first revision printing the heading', () => {
    const early = lawOf(cand('9903.01.63', [{ from: '2025-04-05', rate: { kind: 'add', percent: '84' }, ref: 'x' }]));
    const k = checkPolicy(schedule, early, NONE);
    expect(k.notes.map((n) => n.heading)).toContain('9903.01.63');
  });

  it('the out-of-scope file has a closed schema', () => {
    expect(() =>
      parseOutOfScope({ headings: [{ heading: '9903.01.02', reason: 'r', evidence: 'e', x: 1 }] }),
    ).toThrow();
    expect(() => parseOutOfScope({ headings: [{ reason: 'r', evidence: 'e' }] })).toThrow(/heading or range/);
    expect(() =>
      parseOutOfScope({ headings: [{ range: '9903.88.68-9903.88.05', reason: 'r', evidence: 'e' }] }),
    ).toThrow(/lower/);
    expect(
      parseOutOfScope({ headings: [{ range: '9903.88.05-9903.88.68', reason: 'r', evidence: 'e' }] }).headings,
    ).toHaveLength(1);
  });
});

describe('checkPolicy on the real schedule and law', () => {
  it('has the contract shape, and 9903.01.63 agrees with every revision of its windows', async () => {
    const ctx = await realContext();
    const law = loadLawFor(ctx);
    const r = checkPolicy(ctx.schedule, law, loadOutOfScope(join(lawDir(), 'out-of-scope.yml')));
    expect(r.revisions).toBe(44);
    expect(r.headings).toBeGreaterThan(700);
    expect(r.covered).toBeGreaterThan(0);
    expect(r.covered + r.outOfScope.reduce((s, o) => s + o.matched, 0) + r.uncovered.length).toBe(r.headings);
    for (const o of r.outOfScope) expect(o).toMatchObject({ heading: expect.any(String), reason: expect.any(String) });
    for (const h of r.uncovered) expect(h).toMatch(/^9903\.\d\d\.\d\d$/);
    for (const d of r.disagreements)
      expect(d).toEqual({
        heading: expect.any(String),
        revision: expect.any(String),
        law: expect.any(String),
        hts: expect.any(String),
      });

    expect(r.disagreements.filter((d) => d.heading === '9903.01.63')).toEqual([]);
    expect(r.knownDifferences.filter((d) => d.heading === '9903.01.63')).toEqual([]);
    // The windows really are compared: 84% in rev 8, 125% in rev 9-11.
    const s = ctx.schedule;
    expect(s.line('99030163', s.revision('2025_rev_8'))!.general).toMatch(/\+ 84%/);
    for (const id of ['2025_rev_9', '2025_rev_10', '2025_rev_11'])
      expect(s.line('99030163', s.revision(id))!.general).toMatch(/\+ 125%/);
    const c = law.programs.flatMap((p) => p.candidates).filter((x) => x.heading === '9903.01.63');
    const rates = c.flatMap((x) => x.rates).map((x) => x.rate);
    expect(rates).toContainEqual({ kind: 'add', percent: '84' });
    expect(rates).toContainEqual({ kind: 'add', percent: '125' });
  });

  it('covers every Chapter 99 heading of the 44 revisions, and every record agrees with the printed rates', async () => {
    const ctx = await realContext();
    const r = checkPolicy(ctx.schedule, loadLawFor(ctx), loadOutOfScope(join(lawDir(), 'out-of-scope.yml')));
    expect(r.uncovered).toEqual([]);
    expect(r.disagreements).toEqual([]);
  });
});

describe('records awaiting a printed revision', () => {
  it('lists a heading no revision prints, and a value dated after the last revision, apart from errors', () => {
    const schedule = fakeSchedule(REVS, {
      r1: { '99030101': `${APPLICABLE} + 10%` },
      r3: { '99030101': `${APPLICABLE} + 10%` },
    });
    const law = lawOf(
      cand('9903.01.01', [
        { from: '2025-01-01', to: '2026-01-01', rate: { kind: 'add', percent: '10' }, ref: 'r' },
        { from: '2026-01-01', rate: { kind: 'add', percent: '20' }, ref: 'r' },
      ]),
      cand('9903.05.84', [{ from: '2026-07-24', rate: { kind: 'add', percent: '12.5' }, ref: 'r' }]),
    );
    const r = checkPolicy(schedule, law, NONE);
    expect(r.disagreements).toEqual([]);
    expect(r.awaiting).toEqual([
      {
        heading: '9903.01.01',
        measureId: 'p/9903.01.01',
        instrument: 'r',
        from: '2026-01-01',
        rate: '+20%',
        kind: 'value',
      },
      {
        heading: '9903.05.84',
        measureId: 'p/9903.05.84',
        instrument: 'r',
        from: '2026-07-24',
        rate: '+12.5%',
        kind: 'heading',
      },
    ]);
    // Once a revision printing the heading is in the sources, it is checked like any other: here it disagrees.
    const later = fakeSchedule([...REVS, { id: 'r4', effective: '2026-07-28' }], {
      r1: { '99030101': `${APPLICABLE} + 10%` },
      r4: { '99030101': `${APPLICABLE} + 20%`, '99030584': `${APPLICABLE} + 10%` },
    });
    const r2 = checkPolicy(later, law, NONE);
    expect(r2.awaiting).toEqual([]);
    expect(r2.disagreements).toEqual([
      { heading: '9903.05.84', revision: 'r4', law: '+12.5%', hts: `${APPLICABLE} + 10%` },
    ]);
  });

  it('reads a bare percent of a Section 201 heading as an additional duty', () => {
    expect(rateAgrees({ kind: 'add', percent: '25' }, '25%', 's201')).toBe(true);
    expect(rateAgrees({ kind: 'add', percent: '25' }, '25%', 's232')).toBe(false);
    expect(rateAgrees({ kind: 'minimumPrice', price: '21.00', unit: 'kg' }, '+ $21 / kg')).toBe(true);
    expect(
      rateAgrees(
        { kind: 'minimumPrice', price: '0.38', unit: 'W' },
        'The duty provided in the applicable subheading + $0.38/watt',
      ),
    ).toBe(true);
  });

  it('on the real law: no uncovered heading, and the new measures awaiting with their instruments', async () => {
    const ctx = await realContext();
    const r = checkPolicy(ctx.schedule, loadLawFor(ctx), loadOutOfScope(join(lawDir(), 'out-of-scope.yml')));
    expect(r.uncovered).toEqual([]);
    expect(r.disagreements).toEqual([]);
    const heads = new Set(r.awaiting.filter((a) => a.kind === 'heading').map((a) => a.heading));
    for (const h of ['9903.05.01', '9903.05.84', '9903.04.60', '9903.03.12', '9903.08.22', '9903.45.31', '9903.45.36'])
      expect(heads.has(h), h).toBe(true);
    expect(r.awaiting.find((a) => a.heading === '9903.05.84')!.instrument).toMatch(/91 FR 47318/);
    expect(r.awaiting.some((a) => a.kind === 'value' && a.heading === '9903.76.03' && a.from === '2027-01-01')).toBe(
      true,
    );
  });
});
