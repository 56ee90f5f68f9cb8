// Every country ranked for one product and date: the ranking follows the law (floors, country rates, China).
import { beforeAll, describe, expect, it } from 'vitest';
import { realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { compareOrigins } from '../../src/analytics/compare-origins.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import { D } from '../../src/core/money/index.js';
import type { IsoDate } from '../../src/core/time/date.js';

let schedule: Schedule;
let law: Law;
beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
});

describe('compare-origins', () => {
  it('on 2025-04-10 a cotton T-shirt is dearest from China (169%); the cheapest origins pay column 1 + the 10% baseline', () => {
    const r = compareOrigins(schedule, law, {
      hts: '6109100012',
      date: '2025-04-10' as IsoDate,
      mode: 'legal',
      value: D(1000),
    });
    const last = r.rows[r.rows.length - 1]!;
    expect(last.totalAdValorem).toBe(169);
    expect(last.countries.map((c) => c.code)).toContain('CN');
    const first = r.rows[0]!;
    // Column 2 countries (Cuba, North Korea, Russia, Belarus) pay 90% but no reciprocal; the cheapest are at 26.5%.
    expect(first.totalAdValorem).toBe(26.5);
    expect(r.rows.every((x, i) => i === 0 || (x.totalAdValorem ?? 0) >= (r.rows[i - 1]!.totalAdValorem ?? 0))).toBe(
      true,
    );
    const count = r.rows.reduce((a, x) => a + x.countries.length, 0);
    expect(count).toBe(law.countries.countries.size - 1); // every country but the United States
  });

  it('on 2025-08-20 the EU and Japan floors make MFN-only the cheapest treatment', () => {
    const r = compareOrigins(schedule, law, { hts: '6109100012', date: '2025-08-20' as IsoDate, mode: 'legal' });
    expect(r.rows[0]!.totalAdValorem).toBe(16.5);
    const codes = r.rows.filter((x) => x.totalAdValorem === 16.5).flatMap((x) => x.countries.map((c) => c.code));
    expect(codes).toEqual(expect.arrayContaining(['DE', 'FR', 'JP']));
  });

  it('the CLI prints the ranking and exits 2 on a bad code', async () => {
    const r = await tariff(['compare-origins', '--hts', '6109.10.0012', '--date', '2025-04-10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rank\s+Total/);
    const bad = await tariff(['compare-origins', '--hts', '6109.10.0099', '--date', '2025-04-10']);
    expect(bad.code).toBe(2);
  });
});
