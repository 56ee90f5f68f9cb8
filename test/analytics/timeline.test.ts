// The timeline of one line from one country: the change points are the law's own dates (not the first of each
// month), each labelled with the measures that changed; every day between two points has the answer of the first.
import { beforeAll, describe, expect, it } from 'vitest';
import { realContext } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { lineTimeline, timelineDates, type Timeline } from '../../src/analytics/timeline.js';
import { quote } from '../../src/core/evaluate/quote.js';
import type { Entry } from '../../src/core/evaluate/entry.js';
import { parseEntry, type RawEntry } from '../../src/core/evaluate/parse-entry.js';
import { isInputError } from '../../src/core/errors.js';
import type { Law } from '../../src/core/law/types.js';
import { addDays, type IsoDate } from '../../src/core/time/date.js';
import type { Schedule } from '../../src/schedule/schedule.js';

let schedule: Schedule;
let law: Law;
beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
});

function baseOf(raw: RawEntry): Omit<Entry, 'date'> {
  // Any date will do for parsing but one before the importation date.
  const { date: _date, ...base } = parseEntry({ date: raw.imported ?? '2025-01-01', ...raw }, law);
  return base;
}

function timeline(raw: RawEntry): Timeline {
  return lineTimeline(schedule, law, baseOf(raw));
}

/** The point in force on a date. */
function at(t: Timeline, date: string) {
  return t.points.filter((p) => p.date <= date).at(-1)!;
}

describe('lineTimeline', () => {
  it('a Japanese car: 27.5% from 2025-04-03, 15% from 2025-09-16 (not 2025-10-01), labelled with the autos heading', () => {
    const t = timeline({ hts: '8703.23.0190', country: 'JP' });
    expect(t.hts).toBe('8703.23.0190');
    expect(t.from).toBe('2025-01-01');
    const dates = t.points.map((p) => p.date);
    expect(dates).toContain('2025-04-03');
    expect(dates).toContain('2025-09-16');
    expect(dates).not.toContain('2025-10-01');
    expect(at(t, '2025-09-15').total).toBe(27.5);
    const step = t.points.find((p) => p.date === '2025-09-16')!;
    expect(step.total).toBe(15);
    expect(step.rateChanged).toBe(true);
    expect(step.changes).toHaveLength(1);
    expect(step.changes[0]).toMatchObject({
      authority: 's232',
      program: 's232-autos',
      from: { heading: '9903.94.01', rateText: '+25%', adValorem: 25 },
      to: { heading: '9903.94.41', adValorem: 12.5 },
    });
    expect(step.label).toMatch(/^Section 232 automobiles.*: 9903\.94\.01 → 9903\.94\.41, \+25% → 15% inclusive/);
    expect(step.components.map((c) => c.heading)).toContain('9903.94.41');
    // Points whose total does not change (a heading reported at no additional duty) are kept, marked as such.
    const reciprocal = t.points.find((p) => p.date === '2025-04-05')!;
    expect(reciprocal.rateChanged).toBe(false);
    expect(reciprocal.label).toMatch(/IEEPA reciprocal tariff begins: 9903\.01\.33 no additional duty/);
    // The first point says what applies; `to` chains the points.
    expect(t.points[0]).toMatchObject({ date: '2025-01-01', total: 2.5, label: 'Column 1 rate: 2.5%' });
    t.points.slice(0, -1).forEach((p, i) => expect(p.to).toBe(t.points[i + 1]!.date));
    expect(t.points.at(-1)!.to).toBeUndefined();
  });

  it('Canadian steel: 25% (fentanyl) from 2025-03-04, 50% under Section 232 from 2025-06-04 (not 2025-07-01)', () => {
    const t = timeline({ hts: '7208.10.1500', country: 'CA' });
    expect(at(t, '2025-03-04').total).toBe(25);
    expect(at(t, '2025-06-03').total).toBe(25);
    const step = t.points.find((p) => p.date === '2025-06-04')!;
    expect(step.total).toBe(50);
    expect(step.label).toContain('Section 232 steel and steel derivatives begins: 9903.81.87 +50%');
    expect(step.label).toContain('IEEPA duty on products of Canada ends (was 9903.01.10 +25%)');
    expect(t.points.map((p) => p.date)).not.toContain('2025-07-01');
    // The annex regime of 2026-04-06 reports another heading at the same rate.
    const annex = t.points.find((p) => p.date === '2026-04-06')!;
    expect(annex).toMatchObject({ total: 50, rateChanged: false });
    expect(annex.label).toContain('9903.82.02');
  });

  it('Canadian bourbon: prohibited from 2026-09-29; imported before the ban, the timeline starts on the import date', () => {
    const t = timeline({ hts: '2208.30.6020', country: 'CA', value: '1000' });
    const ban = t.points.find((p) => p.date === '2026-09-29')!;
    expect(ban).toMatchObject({ kind: 'prohibited', total: null, rateChanged: true });
    expect(ban.label).toMatch(/^Import prohibited: Alcoholic beverages of Canada/);
    expect(at(t, '2026-09-28')).toMatchObject({ kind: 'quote', total: 60, totalDuty: '600.00' });
    const before = timeline({ hts: '2208.30.6020', country: 'CA', imported: '2026-09-20' });
    expect(before.from).toBe('2026-09-20');
    expect(before.points[0]!.date).toBe('2026-09-20');
    expect(before.points.every((p) => p.kind === 'quote')).toBe(true);
    expect(at(before, '2026-10-15').total).toBe(60);
  });

  it('candidate dates are the law’s: every day of 2025-2026 has the answer of the point in force', () => {
    const cases: RawEntry[] = [
      { hts: '8703.23.0190', country: 'JP' },
      { hts: '7208.10.1500', country: 'CA' },
      { hts: '6109.10.0012', country: 'CN' },
      { hts: '6109.10.0012', country: 'BR', mode: 'as-published' },
      { hts: '2208.30.6020', country: 'CA' },
      { hts: '8708.29.5160', country: 'MX', program: 'S' },
    ];
    for (const raw of cases) {
      const base = baseOf(raw);
      const t = lineTimeline(schedule, law, base);
      for (let d = '2025-01-01' as IsoDate; d <= '2027-01-31'; d = addDays(d, 1)) {
        const q = quote(schedule, law, { ...base, date: d }, { trace: false });
        const p = at(t, d);
        const got =
          q.kind === 'quote'
            ? [q.kind, q.totalAdValorem, q.components.map((c) => [c.heading, c.rateText, c.adValorem])]
            : [q.kind];
        const want =
          p.kind === 'quote'
            ? [p.kind, p.total, p.components.map((c) => [c.heading, c.rateText, c.adValorem])]
            : [p.kind];
        expect(got, `${raw.hts} ${raw.country} on ${d}`).toEqual(want);
      }
    }
    // About 80 candidate dates, not one a day.
    expect(timelineDates(schedule, law, '2025-01-01' as IsoDate, 'legal').length).toBeLessThan(200);
  });

  it('a code of no revision is the InputError of the hts field', () => {
    let err: unknown;
    try {
      timeline({ hts: '6109.10.0099', country: 'CN' });
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as { field: string }).field).toBe('hts');
  });
});
