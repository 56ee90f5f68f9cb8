// Scenarios: overlays on the actual law, applied without touching the baseline; the shipped examples give the
// expected differences on real quotes; malformed files name the change and the key.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { runScenarioQuote } from '../../src/cli/commands/scenario.js';
import { applyScenario, cutWindow, parseScenarioRate, type Scenario } from '../../src/core/law/scenario.js';
import { loadScenario, parseScenario } from '../../src/load/scenario.js';
import { parseEntry } from '../../src/core/evaluate/parse-entry.js';
import type { Entry } from '../../src/core/evaluate/entry.js';
import type { DatedRate, Law } from '../../src/core/law/types.js';
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

const DIR = join(ROOT, 'law', 'scenarios');
const tshirt = (country: string, date: string): Entry => ({
  hts: '6109100012',
  country,
  date: date as IsoDate,
  mode: 'legal',
  value: D(1000),
});

function run(file: string, country: string, date: string) {
  const r = runScenarioQuote(schedule, law, loadScenario(join(DIR, file), ROOT), tshirt(country, date));
  if (r.baseline.kind !== 'quote' || r.alternative.kind !== 'quote') throw new Error('not a quote');
  return { base: r.baseline, alt: r.alternative, diff: r.difference, name: r.name };
}

const headings = (q: { components: { heading: string | null; adValorem: number | null }[] }) =>
  q.components.filter((c) => c.heading).map((c) => `${c.heading}=${c.adValorem}`);

function runOn(file: string, hts: string, country: string, date: string, claim?: string) {
  const e = parseEntry({ hts, country, date, value: '1000', ...(claim ? { claim } : {}) }, law);
  const r = runScenarioQuote(schedule, law, loadScenario(join(DIR, file), ROOT), e);
  if (r.baseline.kind !== 'quote' || r.alternative.kind !== 'quote') throw new Error('not a quote');
  return { base: r.baseline, alt: r.alternative };
}

describe('the readings the law records do not follow, as scenarios (dossier conflicts)', () => {
  it('UAS exempt from the forced-labor duty (Klearnow): a Vietnamese drone 37.5% -> 25%', () => {
    const r = runOn('uas-exempt-from-forced-labor.yaml', '8806.21.0000', 'VN', '2026-09-03');
    expect([r.base.totalAdValorem, r.alt.totalAdValorem]).toEqual([37.5, 25]);
    expect(headings(r.alt)).toContain('9903.05.90=0');
  });
  it('Section 338 stacking only for alcohol (CANTE): Canadian wooden cabinets on 2026-09-15 75% -> 25%', () => {
    const r = runOn('s338-only-alcohol-stacks.yaml', '9403.60.8093', 'CA', '2026-09-15');
    expect([r.base.totalAdValorem, r.alt.totalAdValorem]).toEqual([75, 25]);
  });
  it('the U.S.-China arrangement extended: cranes without the 100% and exclusions kept until 2027-01-10', () => {
    const cranes = runOn('china-arrangement-extended.yaml', '8426.19.0000', 'CN', '2026-11-15');
    expect([cranes.base.totalAdValorem, cranes.alt.totalAdValorem]).toEqual([137.5, 37.5]);
    expect(runOn('china-arrangement-extended.yaml', '8426.19.0000', 'CN', '2027-01-10').alt.totalAdValorem).toBe(137.5);
    const ex = runOn('china-arrangement-extended.yaml', '8413.91.9085', 'CN', '2026-11-15', 's301-exclusion');
    expect(headings(ex.alt)).toContain('9903.88.69=0');
  });
  it('9903.04.61 only for identified companies (Yale): a patented Indian ingredient on 2026-08-03 6.5% -> 100%', () => {
    const r = runOn('pharma-61-identified-companies-only.yaml', '2918.99.3000', 'IN', '2026-08-03');
    expect([r.base.totalAdValorem, r.alt.totalAdValorem]).toEqual([6.5, 100]);
  });
});

describe('shipped scenarios (6109.10.0012, cotton T-shirt, $1,000)', () => {
  it('every file of law/scenarios loads and applies to the law', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(() => applyScenario(law, loadScenario(join(DIR, f), ROOT))).not.toThrow();
  });

  it('japan-no-pause: Japan on 2025-05-01 pays 24% instead of the 10% baseline (26.5% -> 40.5%)', () => {
    const r = run('japan-no-pause.yaml', 'JP', '2025-05-01');
    expect(r.base.totalAdValorem).toBe(26.5);
    expect(r.alt.totalAdValorem).toBe(40.5);
    expect(r.diff).toEqual({ totalAdValorem: 14, totalDuty: '140.00' });
    expect(headings(r.alt)).toEqual(['9903.01.53=24']);
    expect(r.alt.components[1]!.citation).toMatch(/not suspended/);
  });

  it('japan-no-pause: both edges of the window, and other countries untouched', () => {
    // 2025-04-09 is the day of the Annex I rates in both; 2025-04-10 is the first day of the scenario.
    expect(run('japan-no-pause.yaml', 'JP', '2025-04-09').diff.totalAdValorem).toBe(0);
    expect(run('japan-no-pause.yaml', 'JP', '2025-04-10').alt.totalAdValorem).toBe(40.5);
    expect(run('japan-no-pause.yaml', 'JP', '2025-08-06').alt.totalAdValorem).toBe(40.5);
    // 2025-08-07 (exclusive end): the agreement's floor applies again, as in the baseline.
    const end = run('japan-no-pause.yaml', 'JP', '2025-08-07');
    expect(end.diff.totalAdValorem).toBe(0);
    expect(end.alt.totalAdValorem).toBe(end.base.totalAdValorem);
    const kr = run('japan-no-pause.yaml', 'KR', '2025-05-01');
    expect(kr.diff.totalAdValorem).toBe(0);
    expect(headings(kr.alt)).toEqual(['9903.01.25=10']);
  });

  it('japan-24-not-15: Japan on 2025-09-01 pays +24% instead of the 15% floor (16.5% -> 40.5%); not before 2025-08-07', () => {
    const r = run('japan-24-not-15.yaml', 'JP', '2025-09-01');
    expect(r.base.totalAdValorem).toBe(16.5);
    expect(r.alt.totalAdValorem).toBe(40.5);
    expect(run('japan-24-not-15.yaml', 'JP', '2025-08-06').diff.totalAdValorem).toBe(0);
    expect(run('japan-24-not-15.yaml', 'JP', '2025-08-07').alt.totalAdValorem).toBe(40.5);
    expect(run('japan-24-not-15.yaml', 'JP', '2026-02-23').alt.totalAdValorem).toBe(40.5);
    // 2026-02-24: the IEEPA duties end; Section 122 applies in both.
    expect(run('japan-24-not-15.yaml', 'JP', '2026-02-24').diff.totalAdValorem).toBe(0);
  });

  it('no-ieepa: China on 2025-04-10 pays column 1 + Section 301 only (169% -> 24%)', () => {
    const r = run('no-ieepa.yaml', 'CN', '2025-04-10');
    expect(r.base.totalAdValorem).toBe(169);
    expect(r.alt.totalAdValorem).toBe(24);
    expect(r.diff.totalAdValorem).toBe(-145);
    expect(r.alt.components.map((c) => c.authority)).toEqual(['mfn', 's301']);
    // Mexico on 2025-03-10: the fentanyl duty is gone too; Section 122 (2026) is not IEEPA and stays.
    expect(run('no-ieepa.yaml', 'MX', '2025-03-10').alt.components.map((c) => c.authority)).toEqual(['mfn']);
    expect(run('no-ieepa.yaml', 'DE', '2026-03-02').diff.totalAdValorem).toBe(0);
  });

  it('china-145-kept: China on 2025-06-01 keeps the 125% (54% -> 169%), until 2026-02-24', () => {
    const r = run('china-145-kept.yaml', 'CN', '2025-06-01');
    expect(r.base.totalAdValorem).toBe(54);
    expect(r.alt.totalAdValorem).toBe(169);
    expect(headings(r.alt)).toContain('9903.01.63=125');
    expect(run('china-145-kept.yaml', 'CN', '2025-05-13').diff.totalAdValorem).toBe(0);
    expect(run('china-145-kept.yaml', 'CN', '2025-05-14').diff.totalAdValorem).toBe(115);
    expect(run('china-145-kept.yaml', 'CN', '2026-02-24').diff.totalAdValorem).toBe(0);
    expect(run('china-145-kept.yaml', 'VN', '2025-06-01').diff.totalAdValorem).toBe(0);
  });

  it('s122-expires is a no-op (the baseline already ends Section 122 on 2026-07-24); s122-successor-15 charges 15% from then', () => {
    for (const d of ['2026-03-02', '2026-07-23', '2026-07-24', '2026-09-01'])
      expect(run('s122-expires.yaml', 'DE', d).diff).toEqual({ totalAdValorem: 0, totalDuty: '0.00' });
    expect(headings(run('s122-expires.yaml', 'DE', '2026-07-23').alt)).toEqual(['9903.03.01=10']);
    expect(run('s122-successor-15.yaml', 'DE', '2026-07-23').diff.totalAdValorem).toBe(0);
    const s = run('s122-successor-15.yaml', 'DE', '2026-07-24');
    expect(s.base.totalAdValorem).toBe(16.5);
    expect(s.alt.totalAdValorem).toBe(31.5);
    // The German T-shirt is also reported under the EU forced-labor pair at or above 10% (no additional duty).
    expect(headings(s.alt)).toEqual(['9903.05.38=0', '9903.03.01=15']);
  });

  it('the successor keeps the exemptions: a donation is not charged', () => {
    const r = runScenarioQuote(schedule, law, loadScenario(join(DIR, 's122-successor-15.yaml'), ROOT), {
      ...tshirt('DE', '2026-08-01'),
      claims: ['donation'],
    });
    expect(r.difference.totalAdValorem).toBe(0);
  });
});

describe('applying a scenario', () => {
  it('never changes the baseline law', () => {
    const snapshot = (l: Law) =>
      JSON.parse(
        JSON.stringify({
          programs: l.programs,
          references: [...l.references.entries()],
        }),
      ) as unknown;
    const before = snapshot(law);
    const programs = law.programs;
    const reciprocal = law.programs.find((p) => p.id === 'ieepa-reciprocal')!;
    const candidates = reciprocal.candidates;
    const refs = law.references;
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.yaml'))) {
      const alt = applyScenario(law, loadScenario(join(DIR, f), ROOT));
      expect(alt).not.toBe(law);
    }
    expect(snapshot(law)).toEqual(before);
    expect(law.programs).toBe(programs);
    expect(reciprocal.candidates).toBe(candidates);
    expect(law.references).toBe(refs);
    // Untouched programs are shared, touched ones copied.
    const alt = applyScenario(law, loadScenario(join(DIR, 'japan-no-pause.yaml'), ROOT));
    expect(alt.programs.find((p) => p.id === 's301-china')).toBe(law.programs.find((p) => p.id === 's301-china'));
    expect(alt.programs.find((p) => p.id === 'ieepa-reciprocal')).not.toBe(reciprocal);
  });

  it('adds after the exemptions: Annex II products and Section 232 articles stay exempt', () => {
    const alt = applyScenario(law, loadScenario(join(DIR, 'japan-no-pause.yaml'), ROOT));
    const p = alt.programs.find((x) => x.id === 'ieepa-reciprocal')!;
    const at = p.candidates.findIndex((c) => c.id.startsWith('ieepa-reciprocal/9903.01.53@'));
    expect(at).toBeGreaterThan(0);
    const headingsBefore = p.candidates.slice(0, at).map((c) => c.heading);
    expect(headingsBefore).toEqual(expect.arrayContaining(['9903.01.32', '9903.01.33', '9903.01.30']));
  });

  it('splits a measure by country: JP loses 9903.01.25 in the window, every other country keeps it', () => {
    const s: Scenario = {
      name: 'test',
      changes: [{ kind: 'end', heading: '9903.01.25', countries: ['JP'], from: '2025-04-10' as IsoDate }],
    };
    const alt = applyScenario(law, s);
    const jp = runScenarioQuote(schedule, law, s, tshirt('JP', '2025-05-01'));
    const de = runScenarioQuote(schedule, law, s, tshirt('DE', '2025-05-01'));
    expect(jp.difference.totalAdValorem).toBe(-10);
    expect(de.difference.totalAdValorem).toBe(0);
    const p = alt.programs.find((x) => x.id === 'ieepa-reciprocal')!;
    const base = p.candidates.find((c) => c.id === 'ieepa-reciprocal/9903.01.25')!;
    expect(base.countries?.except).toContain('JP');
  });

  it('an added window has both edges: from included, to excluded', () => {
    const s = parseScenario(
      {
        name: 'edges',
        changes: [
          {
            add: {
              authority: 'other',
              heading: '9903.99.99',
              countries: ['DE'],
              products: ['6109'],
              rate: '+5%',
              from: '2025-06-01',
              to: '2025-06-10',
              citation: 'test',
            },
          },
        ],
      },
      'edges.yaml',
    );
    const at = (d: string) => runScenarioQuote(schedule, law, s, tshirt('DE', d)).difference.totalAdValorem;
    expect([at('2025-05-31'), at('2025-06-01'), at('2025-06-09'), at('2025-06-10')]).toEqual([0, 5, 5, 0]);
    // Another product or another country: nothing.
    expect(
      runScenarioQuote(schedule, law, s, { ...tshirt('DE', '2025-06-05'), hts: '0101210010' }).difference
        .totalAdValorem,
    ).toBe(0);
    expect(runScenarioQuote(schedule, law, s, tshirt('FR', '2025-06-05')).difference.totalAdValorem).toBe(0);
    // A new program for an authority the law has no program of... 'other' has one (nicaragua) that does not concern DE.
    const alt = applyScenario(law, s);
    expect(alt.programs.length).toBeGreaterThanOrEqual(law.programs.length);
  });

  it('a floor rate ("15% inclusive") tops the total up to 15%', () => {
    const s = parseScenario(
      {
        name: 'floor',
        changes: [
          { end: { heading: '9903.01.25', countries: ['GB'], from: '2025-05-01' } },
          {
            add: {
              authority: 'ieepa_reciprocal',
              heading: '9903.02.66',
              countries: ['GB'],
              rate: '20% inclusive',
              from: '2025-05-01',
              to: '2025-06-01',
              citation: 'test',
            },
          },
        ],
      },
      'floor.yaml',
    );
    const r = runScenarioQuote(schedule, law, s, tshirt('GB', '2025-05-15'));
    expect(r.alternative.kind === 'quote' && r.alternative.totalAdValorem).toBe(20);
  });
});

describe('rates and windows', () => {
  it('parses the rates of a scenario', () => {
    expect(parseScenarioRate('+24%')).toEqual({ kind: 'add', percent: '24' });
    expect(parseScenarioRate('+ 7.50 %')).toEqual({ kind: 'add', percent: '7.5' });
    expect(parseScenarioRate('15%')).toEqual({ kind: 'floor', percent: '15' });
    expect(parseScenarioRate('15% inclusive')).toEqual({ kind: 'floor', percent: '15' });
    expect(parseScenarioRate('no change')).toEqual({ kind: 'none' });
    expect(parseScenarioRate('24')).toBeNull();
    expect(parseScenarioRate('-5%')).toBeNull();
  });

  it('cuts a window out of dated rates', () => {
    const r = (from: string, to?: string): DatedRate => ({
      from: from as IsoDate,
      ...(to ? { to: to as IsoDate } : {}),
      rate: { kind: 'add', percent: '10' },
      ref: 'x',
    });
    const d = (s: string) => s as IsoDate;
    expect(cutWindow([r('2025-04-05', '2026-02-24')], d('2025-04-10'), d('2025-08-07'))).toEqual([
      r('2025-04-05', '2025-04-10'),
      r('2025-08-07', '2026-02-24'),
    ]);
    expect(cutWindow([r('2025-04-05')], d('2025-01-01'))).toEqual([]);
    expect(cutWindow([r('2025-04-05', '2025-04-10')], d('2025-04-10'))).toEqual([r('2025-04-05', '2025-04-10')]);
  });
});

describe('malformed scenarios name the change and the key', () => {
  const bad = (changes: unknown[]) => () => parseScenario({ name: 'x', changes }, 'law/scenarios/x.yaml');
  it('rejects bad values and unknown keys', () => {
    const add = {
      authority: 'ieepa_reciprocal',
      heading: '9903.01.53',
      countries: ['JP'],
      rate: '+24%',
      from: '2025-04-10',
      citation: 'c',
    };
    expect(bad([{ end: { authority: 's122', from: '2026-07-24' } }, { add: { ...add, rate: '24' } }])).toThrow(
      /^law\/scenarios\/x\.yaml: changes\[1\]\.add\.rate: "24" is not a rate/,
    );
    expect(bad([{ add: { ...add, colour: 'red' } }])).toThrow(/changes\[0\]\.add\.colour: /);
    expect(bad([{ add: { ...add, from: '10 April' } }])).toThrow(/changes\[0\]\.add\.from: a date YYYY-MM-DD/);
    expect(bad([{ add: { ...add, countries: ['Japan'] } }])).toThrow(/changes\[0\]\.add\.countries\[0\]: /);
    expect(bad([{ add: { ...add, citation: undefined } }])).toThrow(/changes\[0\]\.add\.citation: /);
    expect(bad([{ set: { heading: '9903.01.63', rate: '+34%', from: '2025-05-14', to: '2025-05-01' } }])).toThrow(
      /changes\[0\]\.set\.to: 2025-05-01 is not after from 2025-05-14/,
    );
    expect(bad([{ end: { from: '2025-01-01' } }])).toThrow(/changes\[0\]\.end: name the measures to end/);
    expect(bad([{ remove: { heading: '9903.01.63' } }])).toThrow(/changes\[0\]: give exactly one of end, add, set/);
    expect(() => parseScenario({ changes: [] }, 'x.yaml')).toThrow(/x\.yaml: name: /);
  });

  it('rejects what does not fit the law, naming the change', () => {
    const s = (changes: unknown[]) => parseScenario({ name: 'x', changes }, 'x.yaml');
    expect(() =>
      applyScenario(law, s([{ end: { heading: '9903.01.25', countries: ['XX'], from: '2025-01-01' } }])),
    ).toThrow(/x\.yaml: changes\[0\]\.end\.countries: XX is not an ISO country code/);
    expect(() => applyScenario(law, s([{ set: { heading: '9903.99.98', rate: '+1%', from: '2025-01-01' } }]))).toThrow(
      /x\.yaml: changes\[0\]\.set: no measure of the law matches heading 9903\.99\.98/,
    );
    expect(() =>
      applyScenario(
        law,
        s([
          { end: { authority: 's122', from: '2026-07-24' } },
          {
            add: {
              authority: 'other',
              heading: '9903.99.99',
              products: { lists: ['no-such-list'] },
              rate: '+1%',
              from: '2025-01-01',
              citation: 'c',
            },
          },
        ]),
      ),
    ).toThrow(/changes\[1\]\.add\.products: product list no-such-list/);
  });
});

describe('tariff scenario', () => {
  it('run --json gives name, baseline, alternative and difference', async () => {
    const r = await tariff([
      'scenario',
      'run',
      'law/scenarios/china-145-kept.yaml',
      '--hts',
      '6109.10.0012',
      '--country',
      'CN',
      '--date',
      '2025-06-01',
      '--value',
      '1000',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, { totalAdValorem: number }>;
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['name', 'baseline', 'alternative', 'difference']));
    expect(j['baseline']!.totalAdValorem).toBe(54);
    expect(j['alternative']!.totalAdValorem).toBe(169);
    expect(j['difference']).toEqual({ totalAdValorem: 115, totalDuty: '1150.00' });
  });

  it('compare prints the baseline and each scenario side by side', async () => {
    const r = await tariff([
      'scenario',
      'compare',
      'law/scenarios/japan-no-pause.yaml',
      'law/scenarios/no-ieepa.yaml',
      '--hts',
      '6109.10.0012',
      '--country',
      'JP',
      '--date',
      '2025-05-01',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/total\s+26\.5%\s+40\.5%\s+16\.5%/);
    expect(r.stdout).toMatch(/difference\s+\+14 pp\s+-10 pp/);
  });

  it('a malformed file exits 2 with the change and key', async () => {
    const r = await tariff([
      'scenario',
      'run',
      'test/scenarios/bad-rate.yaml',
      '--hts',
      '6109.10.0012',
      '--country',
      'JP',
      '--date',
      '2025-05-01',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/test\/scenarios\/bad-rate\.yaml: changes\[1\]\.add\.rate: "24 percent" is not a rate/);
  });
});
