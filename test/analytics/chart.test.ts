// Charts as standalone SVG files: well-formed XML in the SVG namespace, with the title, the axis labels and the
// legend drawn inside the <svg>; the stacked chart has one area per authority that contributes; the compare-origins
// chart of a T-shirt on 2025-04-10 has China's bar; `--chart` writes the file atomically or fails cleanly.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { compareOriginsChartSvg, originLabel, seriesChartSvg } from '../../src/analytics/chart.js';
import { compareOrigins, type OriginComparison } from '../../src/analytics/compare-origins.js';
import type { SeriesRow } from '../../src/analytics/series.js';
import type { Authority } from '../../src/core/law/types.js';
import type { IsoDate } from '../../src/core/time/date.js';

const dir = mkdtempSync(join(tmpdir(), 'tariff-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A strict well-formedness check (linkedom's XML parser forgives): every tag closed in order, attributes quoted and
 * not repeated, `<` only in markup, `&` only in the five XML entities or character references.
 */
function wellFormed(xml: string): string[] {
  const errors: string[] = [];
  const stack: string[] = [];
  const token =
    /<!--[\s\S]*?-->|<\?xml[^?]*\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);|&/g;
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const [all, close, name, attrs, self] = m;
    if (all === '<' || all === '&') {
      errors.push(`stray ${all} at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (!name) continue;
    if (close) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open}> at ${m.index}`);
      continue;
    }
    const names = [...(attrs ?? '').matchAll(/([\w:.-]+)\s*=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) errors.push(`repeated attribute in <${name}${attrs}>`);
    if (stack.length === 0) roots++;
    if (!self) stack.push(name);
  }
  if (stack.length) errors.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return errors;
}

function parse(svg: string) {
  expect(wellFormed(svg)).toEqual([]);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  expect(root.tagName).toBe('svg');
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  // Pure SVG: no HTML wrapper (Plot's <figure>), no HTML element inside.
  expect(svg).not.toMatch(/<(figure|div|span|h2|h3|p)[\s>]/);
  const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '');
  return { doc, texts, title: doc.querySelector('title')?.textContent ?? '' };
}

const day = (i: number) => {
  const t = new Date(Date.UTC(2025, 0, 1 + i));
  return t.toISOString().slice(0, 10) as IsoDate;
};

/** A made-up overall series: a step on day 20 and day 40. */
function overallRows(shift = 0): SeriesRow[] {
  return Array.from({ length: 60 }, (_, i) => {
    const add = (i < 20 ? 2 : i < 40 ? 12 : 9) + shift;
    return {
      date: day(i),
      revision: '2025_basic',
      pairs: 1000,
      mean_additional_pct: add,
      mean_total_pct: add + 5,
      weighted_additional_pct: add * 1.5,
      weighted_total_pct: add * 1.5 + 3,
    };
  });
}

/** By authority: Section 232 and the reciprocal tariff contribute, Section 301 only from day 10, the others 0. */
function authorityRows(): SeriesRow[] {
  const value = (a: Authority, i: number) =>
    a === 's232' ? 3 : a === 'ieepa_reciprocal' ? (i < 20 ? 0 : 10) : a === 's301' ? (i < 10 ? 0 : 1) : 0;
  const auths: Authority[] = ['mfn', 's232', 's301', 's201', 's122', 'ieepa_fentanyl', 'ieepa_reciprocal'];
  return Array.from({ length: 30 }, (_, i) =>
    auths.map((a) => ({
      date: day(i),
      revision: '2025_basic',
      authority: a,
      pairs: 1000,
      mean_additional_pct: a === 'mfn' ? 0 : value(a, i),
      mean_total_pct: a === 'mfn' ? 5 : value(a, i),
      weighted_additional_pct: a === 'mfn' ? 0 : value(a, i) * 2,
      weighted_total_pct: a === 'mfn' ? 4 : value(a, i) * 2,
    })),
  ).flat();
}

function countryRows(): SeriesRow[] {
  const countries = ['CN', 'MX', 'CA', 'JP', 'DE', 'VN', 'IN', 'BR', 'FR', 'GB', 'KR'];
  return Array.from({ length: 10 }, (_, i) =>
    countries.map((c, k) => ({
      date: day(i),
      revision: '2025_basic',
      country: c,
      pairs: 100,
      mean_additional_pct: (countries.length - k) * (i < 5 ? 1 : 2),
      mean_total_pct: 0,
      weighted_additional_pct: c === 'CN' ? 1 : null,
      weighted_total_pct: null,
    })),
  ).flat();
}

describe('series charts', () => {
  it('overall: a title with the dates, the axes with their units, a legend of both measures', () => {
    const { texts, title } = parse(seriesChartSvg(overallRows(), { totals: true }));
    expect(title).toContain('2025-01-01 to 2025-03-01');
    expect(texts).toContain(title);
    expect(texts).toContain('percent of customs value');
    expect(texts.some((t) => /date/.test(t))).toBe(true);
    expect(texts.some((t) => /Jan/.test(t))).toBe(true); // dates on the x axis
    for (const l of ['mean additional', 'import-weighted additional', 'mean total (with column 1)'])
      expect(texts).toContain(l);
    // The last values at the end of the lines.
    expect(texts).toContain('9%');
    expect(texts).toContain('13.5%');
  });

  it('a given title, and characters that XML escapes, stay well-formed', () => {
    const { title, texts } = parse(seriesChartSvg(overallRows(), { title: 'Rates <overall> & "weighted"' }));
    expect(title).toBe('Rates <overall> & "weighted"');
    expect(texts).toContain('Rates <overall> & "weighted"');
  });

  it('by authority: one stacked area per authority with a non-zero contribution, each in the legend', () => {
    const { doc, texts } = parse(seriesChartSvg(authorityRows()));
    const areas = [...doc.querySelectorAll('g[aria-label="area"] > path')];
    expect(areas.map((p) => p.querySelector('title')?.textContent)).toEqual([
      'Section 232',
      'Section 301',
      'IEEPA reciprocal',
    ]);
    expect(new Set(areas.map((p) => p.getAttribute('fill'))).size).toBe(3);
    for (const l of ['Section 232', 'Section 301', 'IEEPA reciprocal']) expect(texts).toContain(l);
    for (const l of ['Section 201', 'Section 122', 'IEEPA fentanyl', 'MFN (column 1)']) expect(texts).not.toContain(l);
    expect(texts.some((t) => /by authority/.test(t))).toBe(true);
    expect(texts).toContain('14%'); // the top of the stack on the last day
  });

  it('by country: the top N countries by their peak, in the legend with names', () => {
    const { texts, doc } = parse(seriesChartSvg(countryRows(), { countryNames: { CN: 'China', MX: 'Mexico' } }));
    expect(texts).toContain('CN China');
    expect(texts).toContain('MX Mexico');
    for (const c of ['CA', 'JP', 'DE', 'VN', 'IN', 'BR']) expect(texts).toContain(c);
    expect(texts).not.toContain('GB'); // the 10th and 11th
    expect(doc.querySelectorAll('g[aria-label="line"] > path').length).toBe(8);
    const three = parse(seriesChartSvg(countryRows(), { top: 3, measure: 'weighted' }));
    // Only China has weights: one line.
    expect(three.doc.querySelectorAll('g[aria-label="line"] > path').length).toBe(1);
    expect(three.title).toMatch(/^Import-weighted/);
  });

  it('a scenario: the baseline and the scenario, dashed, in the legend', () => {
    const svg = seriesChartSvg({ baseline: overallRows(), alternative: overallRows(4), label: 'japan-no-pause' });
    const { texts, title, doc } = parse(svg);
    expect(texts).toContain('baseline');
    expect(texts).toContain('scenario: japan-no-pause');
    expect(title).toContain('japan-no-pause');
    expect(doc.querySelectorAll('[stroke-dasharray]').length).toBeGreaterThanOrEqual(2); // the line and its legend
    expect(() => seriesChartSvg({ baseline: authorityRows(), alternative: authorityRows() })).toThrow(/overall/);
  });

  it('no rows: still a chart saying so', () => {
    const { texts } = parse(seriesChartSvg([]));
    expect(texts).toContain('Nothing to draw.');
  });
});

describe('compare-origins chart', () => {
  let r: OriginComparison;
  beforeAll(async () => {
    const ctx = await realContext();
    r = compareOrigins(ctx.schedule, loadLawFor(ctx), {
      hts: '6109100012',
      date: '2025-04-10' as IsoDate,
      mode: 'legal',
    });
  });

  it('a cotton T-shirt on 2025-04-10: China has its bar (169%), stacked by authority, in the title the code and date', () => {
    const { doc, texts, title } = parse(compareOriginsChartSvg(r));
    expect(title).toBe('Duty on 6109.10.0012 by country of origin, entered 2025-04-10');
    expect(texts).toContain('China (CN)');
    expect(texts).toContain('169%');
    expect(texts).toContain('total duty, percent of customs value');
    expect(texts).toContain(`${r.rows[0]!.countries.length} countries`);
    for (const l of ['MFN (column 1)', 'Section 301', 'IEEPA fentanyl', 'IEEPA reciprocal']) expect(texts).toContain(l);
    const china = [...doc.querySelectorAll('g[aria-label="bar"] rect')]
      .map((b) => b.querySelector('title')?.textContent ?? '')
      .filter((t) => t.startsWith('China (CN):'));
    expect(china).toEqual([
      'China (CN): MFN (column 1) 16.5%',
      'China (CN): Section 301 9903.88.15 7.5%',
      'China (CN): IEEPA fentanyl 9903.01.24 20%',
      'China (CN): IEEPA reciprocal 9903.01.63 125%',
    ]);
  });

  it('labels: a name, a few codes, or a count', () => {
    const c = (code: string) => ({ code, name: code === 'CN' ? 'China' : code });
    expect(originLabel({ countries: [c('CN')] })).toBe('China (CN)');
    expect(originLabel({ countries: ['BY', 'CU', 'KP', 'RU'].map(c) })).toBe('BY CU KP RU');
    expect(originLabel({ countries: Array.from({ length: 240 }, (_, i) => c(String(i))) })).toBe('240 countries');
  });

  it('tariff compare-origins --chart writes the SVG, the table unchanged; a path that cannot be written fails cleanly', async () => {
    const file = join(dir, 'out', 'c.svg');
    const args = ['compare-origins', '--hts', '6109.10.0012', '--date', '2025-04-10'];
    const [plain, charted] = await Promise.all([tariff(args), tariff([...args, '--chart', file])]);
    expect(charted.code).toBe(0);
    expect(charted.stdout).toBe(plain.stdout);
    const { texts } = parse(readFileSync(file, 'utf8'));
    expect(texts).toContain('China (CN)');
    expect(readdirSync(join(dir, 'out'))).toEqual(['c.svg']);

    // A directory that cannot be created.
    const bad = await tariff([...args, '--chart', '/proc/tariff-chart/c.svg']);
    expect([1, 2]).toContain(bad.code);
    expect(bad.stderr).toMatch(/cannot write the chart to \/proc\/tariff-chart\/c\.svg/);
    expect(bad.stdout).toBe('');
    expect(existsSync('/proc/tariff-chart')).toBe(false);

    // The target is a directory: the temporary file is written, the rename fails, the temporary file is removed.
    const taken = join(dir, 'taken');
    mkdirSync(join(taken, 'c.svg'), { recursive: true });
    const busy = await tariff([...args, '--chart', join(taken, 'c.svg')]);
    expect([1, 2]).toContain(busy.code);
    expect(busy.stderr).toMatch(/cannot write the chart/);
    expect(readdirSync(taken)).toEqual(['c.svg']);

    const png = await tariff([...args, '--chart', join(dir, 'c.png')]);
    expect(png.code).toBe(2);
    expect(png.stderr).toMatch(/SVG/);
  });
});
