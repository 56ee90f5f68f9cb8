// Charts for people as standalone SVG files: the daily series (`tariff series --chart`) and the ranking of origins
// (`tariff compare-origins --chart`). Observable Plot draws the axes and marks into a linkedom document; the title,
// subtitle and legend are drawn as SVG here, because Plot's own (an HTML <figure>) is not valid in an .svg file.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { OriginComparison, OriginRow } from './compare-origins.js';
import { SERIES_AUTHORITIES, type SeriesBy, type SeriesRow } from './series.js';
import type { Authority } from '../core/law/types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const INK = '#1f2937';
const MUTED = '#4b5563';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
const Y_LABEL = 'percent of customs value';

/** Per authority, its name for people and its colour, the same in every chart (column 1 grey: not Chapter 99). */
const AUTHORITY_STYLE: Record<Authority, { name: string; color: string }> = {
  mfn: { name: 'MFN (column 1)', color: '#b8bec7' },
  s232: { name: 'Section 232', color: '#4e79a7' },
  s301: { name: 'Section 301', color: '#e15759' },
  s338: { name: 'Section 338', color: '#ff9da7' },
  s201: { name: 'Section 201', color: '#76b7b2' },
  s122: { name: 'Section 122', color: '#59a14f' },
  ieepa_fentanyl: { name: 'IEEPA fentanyl', color: '#f28e2b' },
  ieepa_reciprocal: { name: 'IEEPA reciprocal', color: '#b07aa1' },
  ieepa_other: { name: 'IEEPA other', color: '#edc948' },
  other: { name: 'Other', color: '#9c755f' },
};
const authorityName = (a: string): string => AUTHORITY_STYLE[a as Authority]?.name ?? a;
const authorityColor = (a: string): string => AUTHORITY_STYLE[a as Authority]?.color ?? '#9ca3af';
const LINE_COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#b91c1c', '#7e22ce', '#0e7490', '#a16207', '#be185d'];
const LINE_COLORS_MORE = ['#4b5563', '#65a30d', '#0369a1', '#9d174d'];

/** The little of the DOM used here (the project compiles without the DOM library; linkedom provides it). */
interface SvgNode {
  tagName: string;
  outerHTML: string;
  firstChild: unknown;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  appendChild(child: SvgNode): unknown;
  insertBefore(child: SvgNode, before: unknown): unknown;
}
interface Doc {
  createElementNS(ns: string, name: string): SvgNode;
}

interface LegendItem {
  label: string;
  color: string;
  /** A square for areas and bars, a short line (dashed or not) for lines. */
  kind: 'swatch' | 'line' | 'dashed';
}

interface Frame {
  title: string;
  subtitle?: string;
  legend: LegendItem[];
  width: number;
  height: number;
  /** The Plot options but the frame's (size, margins, document, style); `marginTop` is the header's height. */
  plot: (marginTop: number) => Plot.PlotOptions;
  /** Drawn after the plot, with its scales (e.g. labels at the end of lines). */
  after?: (svg: SvgNode, chart: Plot.Plot, doc: Doc, headerHeight: number) => void;
}

/** Rough width of a text in the sans-serif font (no layout engine in Node): enough to place and cut labels. */
const textWidth = (s: string, size: number) => s.length * size * 0.58;

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/** Words into lines of at most `chars` characters. */
function wrapLines(text: string, chars: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (cur && cur.length + 1 + w.length > chars) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function el(doc: Doc, name: string, attrs: Record<string, string | number>, text?: string): SvgNode {
  const e = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const PAD = 16;
const TITLE_SIZE = 17;
const SUB_SIZE = 12.5;
const LEGEND_SIZE = 12.5;
const LEGEND_ROW = 20;

/** The header laid out: title, subtitle lines, legend items with positions; its height. */
function layoutHeader(f: Frame) {
  const titleLines = wrapLines(f.title, Math.floor((f.width - 2 * PAD) / (TITLE_SIZE * 0.6)));
  const subLines = f.subtitle ? wrapLines(f.subtitle, Math.floor((f.width - 2 * PAD) / (SUB_SIZE * 0.55))) : [];
  let y = PAD + TITLE_SIZE;
  const titleY = [y];
  for (const _ of titleLines.slice(1)) titleY.push((y += TITLE_SIZE + 5));
  const subY: number[] = [];
  for (const _ of subLines) subY.push((y += SUB_SIZE + 5));
  y += f.legend.length ? 20 : 0;
  const items: { item: LegendItem; x: number; y: number }[] = [];
  let x = PAD;
  for (const item of f.legend) {
    const w = 26 + textWidth(item.label, LEGEND_SIZE) + 18;
    if (x > PAD && x + w > f.width - PAD) {
      x = PAD;
      y += LEGEND_ROW;
    }
    items.push({ item, x, y });
    x += w;
  }
  const height = y + (f.legend.length ? LEGEND_ROW : 8) + 6;
  return { titleLines, subLines, titleY, subY, items, height };
}

/** Renders a frame: the Plot chart with room on top for the header, then the header drawn into the same <svg>. */
function render(f: Frame): string {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  const doc = document as unknown as Doc;
  const h = layoutHeader(f);
  const options = f.plot(h.height);
  const height = options.height ?? f.height;
  const chart = Plot.plot({
    ...options,
    document: doc,
    width: f.width,
    height,
    style: { fontSize: '12px', color: INK, fontFamily: FONT },
  });
  if (chart.tagName.toLowerCase() !== 'svg') throw new Error('the chart is not a single <svg> element');
  const svg = chart as unknown as SvgNode;
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('font-family', FONT);
  // Image viewers show a transparent background as black or a checkerboard.
  svg.insertBefore(el(doc, 'rect', { width: f.width, height, fill: 'white' }), svg.firstChild);
  svg.insertBefore(el(doc, 'title', {}, f.title), svg.firstChild);
  const head = el(doc, 'g', { 'aria-label': 'title and legend', 'text-anchor': 'start' });
  h.titleLines.forEach((line, i) =>
    head.appendChild(
      el(doc, 'text', { x: PAD, y: h.titleY[i]!, 'font-size': TITLE_SIZE, 'font-weight': 'bold', fill: INK }, line),
    ),
  );
  h.subLines.forEach((line, i) =>
    head.appendChild(el(doc, 'text', { x: PAD, y: h.subY[i]!, 'font-size': SUB_SIZE, fill: MUTED }, line)),
  );
  for (const { item, x, y } of h.items) {
    const g = el(doc, 'g', { 'aria-label': `legend ${item.label}` });
    if (item.kind === 'swatch')
      g.appendChild(el(doc, 'rect', { x, y: y - 11, width: 20, height: 13, rx: 2, fill: item.color }));
    else
      g.appendChild(
        el(doc, 'line', {
          x1: x,
          x2: x + 20,
          y1: y - 4.5,
          y2: y - 4.5,
          stroke: item.color,
          'stroke-width': 2.5,
          ...(item.kind === 'dashed' ? { 'stroke-dasharray': '5,3' } : {}),
        }),
      );
    g.appendChild(el(doc, 'text', { x: x + 26, y, 'font-size': LEGEND_SIZE, fill: INK }, item.label));
    head.appendChild(g);
  }
  svg.appendChild(head);
  f.after?.(svg, chart, doc, h.height);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}

/** "42.5%", at most 2 decimals. */
const pct = (v: number) => `${Number(v.toFixed(2)).toLocaleString('en-US')}%`;

interface EndLabel {
  value: number;
  color: string;
  /** A short name (a country code) shown before the value; lines ending on the same value share one label. */
  tag?: string;
}

/** The labels of the last values, lines ending on the same (rounded) value merged. */
function mergeEnds(items: EndLabel[]): { value: number; text: string; color: string }[] {
  const groups = new Map<string, EndLabel[]>();
  for (const it of items) {
    const k = pct(it.value);
    groups.set(k, [...(groups.get(k) ?? []), it]);
  }
  return [...groups].map(([v, g]) => {
    const tags = g.flatMap((x) => (x.tag ? [x.tag] : []));
    const who = tags.length > 3 ? `${tags.slice(0, 3).join(' ')} +${tags.length - 3}` : tags.join(' ');
    return { value: g[0]!.value, text: who ? `${who} ${v}` : v, color: g.length === 1 ? g[0]!.color : INK };
  });
}

/** Labels at the right end of lines, pushed apart vertically so that they never overlap, kept inside the plot. */
function endLabels(items: EndLabel[], width: number, marginRight: number) {
  return (svg: SvgNode, chart: Plot.Plot, doc: Doc) => {
    const y = chart.scale('y');
    if (!y?.apply || !y.range) return;
    const [bottom, top] = [Math.max(...[...y.range].map(Number)), Math.min(...[...y.range].map(Number))];
    const placed = mergeEnds(items)
      .map((it) => ({ ...it, y: Number(y.apply!(it.value)) }))
      .filter((it) => Number.isFinite(it.y))
      .sort((a, b) => a.y - b.y);
    const gap = 14;
    for (let i = 1; i < placed.length; i++) placed[i]!.y = Math.max(placed[i]!.y, placed[i - 1]!.y + gap);
    // Back up from the bottom of the plot when the last labels were pushed below it.
    for (let i = placed.length - 1; i >= 0; i--)
      placed[i]!.y = Math.max(top, Math.min(placed[i]!.y, i === placed.length - 1 ? bottom : placed[i + 1]!.y - gap));
    const g = el(doc, 'g', { 'aria-label': 'last values', 'font-size': 12, 'text-anchor': 'start' });
    for (const p of placed)
      g.appendChild(
        el(
          doc,
          'text',
          { x: width - marginRight + 6, y: p.y, dy: '0.32em', fill: p.color, 'font-weight': 'bold' },
          p.text,
        ),
      );
    svg.appendChild(g);
  };
}

/** The right margin that fits the end labels. */
const endMargin = (items: EndLabel[]) =>
  Math.min(170, Math.ceil(Math.max(40, ...mergeEnds(items).map((l) => textWidth(l.text, 12) * 1.15 + 6))) + 12);

// ---- series -------------------------------------------------------------------------------------------------

export type SeriesMeasure = 'mean' | 'weighted';

export interface SeriesChartOptions {
  /** What the rows are (default: by authority when they name authorities, by country when they name countries). */
  by?: SeriesBy;
  /** By country and by authority, and for a scenario: the unweighted mean (default) or the import-weighted one. */
  measure?: SeriesMeasure;
  title?: string;
  subtitle?: string;
  /** By overall: also the total rates (column 1 + additional), dashed. */
  totals?: boolean;
  /** By country: how many countries, those with the highest peak over the range (default 8). */
  top?: number;
  /** By country: names for the legend, by ISO code. */
  countryNames?: Record<string, string>;
  width?: number;
  height?: number;
}

/** A scenario's rows beside the baseline's (both by overall). */
export interface SeriesComparison {
  baseline: readonly SeriesRow[];
  alternative: readonly SeriesRow[];
  label?: string;
}

const utc = (d: string) => new Date(`${d}T00:00:00Z`);

/** A series point for Plot. */
interface Pt {
  date: Date;
  key: string;
  v: number;
}

/**
 * Keeps only the days where some value changes (and the first and last day): the rows repeat their values between
 * change dates, and a step curve through the change days draws the same picture with a few dozen points.
 */
function changeDays(rows: readonly SeriesRow[]): Set<string> {
  const days = [...new Set(rows.map((r) => r.date))].sort();
  const keep = new Set<string>([days[0]!, days[days.length - 1]!]);
  const last = new Map<string, string>();
  for (const r of rows) {
    const k = r.authority ?? r.country ?? '';
    const v = JSON.stringify([
      r.mean_additional_pct,
      r.mean_total_pct,
      r.weighted_additional_pct,
      r.weighted_total_pct,
    ]);
    if (last.get(k) !== v) keep.add(r.date);
    last.set(k, v);
  }
  return keep;
}

function points(rows: readonly SeriesRow[], key: (r: SeriesRow) => string, value: (r: SeriesRow) => number | null) {
  const keep = changeDays(rows);
  const out: Pt[] = [];
  for (const r of rows) {
    if (!keep.has(r.date)) continue;
    const v = value(r);
    if (v !== null) out.push({ date: utc(r.date), key: key(r), v });
  }
  return out;
}

const measureOf = (m: SeriesMeasure, total = false) =>
  m === 'weighted'
    ? (r: SeriesRow) => (total ? r.weighted_total_pct : r.weighted_additional_pct)
    : (r: SeriesRow) => (total ? r.mean_total_pct : r.mean_additional_pct);

function range(rows: readonly SeriesRow[]): string {
  const days = rows.map((r) => r.date).sort();
  return days.length ? `${days[0]} to ${days[days.length - 1]}` : 'no days';
}

const timeAxes = (marginTop: number, marginRight: number) => ({
  marginTop,
  marginLeft: 72,
  marginRight,
  marginBottom: 42,
  x: { type: 'utc' as const, label: 'date of entry', labelAnchor: 'right' as const, labelOffset: 36 },
  y: {
    label: Y_LABEL,
    labelAnchor: 'center' as const,
    labelArrow: 'none' as const,
    labelOffset: 58,
    grid: true,
    zero: true,
    tickFormat: (v: number) => `${v}%`,
  },
});

function lastOf(data: Pt[], key: string): Pt | undefined {
  let last: Pt | undefined;
  for (const p of data) if (p.key === key && (!last || p.date >= last.date)) last = p;
  return last;
}

/** Lines of several keys, some dashed; labels of the last values at the right. */
function linesFrame(
  base: { title: string; subtitle: string; width: number; height: number },
  series: { key: string; label: string; tag?: string; color: string; dashed: boolean; data: Pt[] }[],
): Frame {
  const ends = series.flatMap((s) => {
    const p = lastOf(s.data, s.key);
    return p ? [{ value: p.v, color: s.color, ...(s.tag ? { tag: s.tag } : {}) }] : [];
  });
  const marginRight = endMargin(ends);
  const color = { domain: series.map((s) => s.key), range: series.map((s) => s.color) };
  const solid = series.filter((s) => !s.dashed).flatMap((s) => s.data);
  const dashed = series.filter((s) => s.dashed).flatMap((s) => s.data);
  const line = { x: 'date', y: 'v', z: 'key', stroke: 'key', curve: 'step-after' as const, strokeWidth: 2.2 };
  return {
    ...base,
    legend: series.map((s) => ({ label: s.label, color: s.color, kind: s.dashed ? 'dashed' : 'line' })),
    plot: (marginTop) => ({
      ...timeAxes(marginTop, marginRight),
      color,
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(solid, line),
        // Dashed over solid: where a scenario or a total equals the other line, both stay visible.
        Plot.lineY(dashed, { ...line, strokeDasharray: '6,4' }),
      ],
    }),
    after: endLabels(ends, base.width, marginRight),
  };
}

function isComparison(x: readonly SeriesRow[] | SeriesComparison): x is SeriesComparison {
  return !Array.isArray(x);
}

/**
 * The daily series as a chart: by overall, step lines of the mean and import-weighted additional rates (the totals
 * dashed with `totals`); by authority, the authorities' contributions stacked; by country, the `top` countries'
 * lines. Given `{ baseline, alternative, label }` (overall rows), the baseline and the scenario of one measure.
 */
export function seriesChartSvg(input: readonly SeriesRow[] | SeriesComparison, opts: SeriesChartOptions = {}): string {
  const width = opts.width ?? 900;
  const height = opts.height ?? 540;
  const measure = opts.measure ?? 'mean';
  const measureText = measure === 'weighted' ? 'Import-weighted' : 'Mean';
  const rows = isComparison(input) ? input.baseline : input;
  if (rows.length === 0 && !isComparison(input)) return emptyChart(opts.title ?? 'Tariff rates: no days', width);
  const dated = range(isComparison(input) ? [...input.baseline, ...input.alternative] : rows);
  const base = (title: string, subtitle: string) => ({
    title: opts.title ?? title,
    subtitle: opts.subtitle ?? subtitle,
    width,
    height,
  });

  if (isComparison(input)) {
    if ([...input.baseline, ...input.alternative].some((r) => r.country !== undefined || r.authority !== undefined))
      throw new Error('a scenario chart compares overall rows (series --by overall)');
    const label = input.label ? `scenario: ${input.label}` : 'scenario';
    const v = measureOf(measure);
    return render(
      linesFrame(
        base(
          `${measureText} additional duty rate, baseline and ${label}, ${dated}`,
          `Chapter 99 duties above the column 1 rate, ${measure === 'weighted' ? 'weighted by 2024 imports' : 'mean over every HTS-10 line × country pair'}; the scenario dashed.`,
        ),
        [
          {
            key: 'baseline',
            label: 'baseline',
            color: '#1d4ed8',
            dashed: false,
            data: points(input.baseline, () => 'baseline', v),
          },
          {
            key: 'scenario',
            label,
            color: '#c2410c',
            dashed: true,
            data: points(input.alternative, () => 'scenario', v),
          },
        ],
      ),
    );
  }

  const by =
    opts.by ??
    (rows.some((r) => r.authority !== undefined)
      ? 'authority'
      : rows.some((r) => r.country !== undefined)
        ? 'country'
        : 'overall');
  if (by === 'authority') {
    const v = measureOf(measure);
    const used = SERIES_AUTHORITIES.filter(
      (a) => a !== 'mfn' && rows.some((r) => r.authority === a && (v(r) ?? 0) !== 0),
    );
    const data = points(
      rows.filter((r) => used.includes(r.authority!)),
      (r) => r.authority!,
      (r) => v(r) ?? 0,
    );
    // The top of the stack on the last day: the overall additional rate.
    const sum = used.reduce((a, k) => a + (lastOf(data, k)?.v ?? 0), 0);
    const ends = used.length ? [{ value: sum, color: INK }] : [];
    return render({
      ...base(
        `${measureText} additional duty rate by authority, ${dated}`,
        `Each Chapter 99 authority's contribution, stacked: ${measure === 'weighted' ? 'weighted by 2024 imports' : 'mean over every HTS-10 line × country pair'}.`,
      ),
      legend: used.map((a) => ({ label: authorityName(a), color: authorityColor(a), kind: 'swatch' })),
      plot: (marginTop) => ({
        ...timeAxes(marginTop, endMargin(ends)),
        color: { domain: used, range: used.map(authorityColor) },
        marks: [
          Plot.areaY(data, {
            x: 'date',
            y: 'v',
            z: 'key',
            fill: 'key',
            curve: 'step-after',
            order: used,
            title: (d: Pt) => authorityName(d.key),
          }),
          Plot.ruleY([0]),
        ],
      }),
      after: endLabels(ends, width, endMargin(ends)),
    });
  }

  if (by === 'country') {
    const v = measureOf(measure);
    const peak = new Map<string, number>();
    for (const r of rows) {
      const x = v(r);
      if (x !== null) peak.set(r.country!, Math.max(peak.get(r.country!) ?? -Infinity, x));
    }
    const top = [...peak]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, opts.top ?? 8)
      .map(([c]) => c);
    const colors = [...LINE_COLORS, ...LINE_COLORS_MORE];
    const shown = new Set(top);
    const data = points(
      rows.filter((r) => shown.has(r.country!)),
      (r) => r.country!,
      v,
    );
    return render(
      linesFrame(
        base(
          `${measureText} additional duty rate by country of origin, ${dated}`,
          `The ${top.length} countries with the highest peak over the range; Chapter 99 duties above the column 1 rate, ${measure === 'weighted' ? 'weighted by 2024 imports of each country' : 'mean over every HTS-10 line'}.`,
        ),
        top.map((c, i) => ({
          key: c,
          label: opts.countryNames?.[c] ? `${c} ${cut(opts.countryNames[c], 22)}` : c,
          tag: c,
          color: colors[i % colors.length]!,
          dashed: false,
          data: data.filter((p) => p.key === c),
        })),
      ),
    );
  }

  const line = (key: string, label: string, color: string, m: SeriesMeasure, total: boolean) => ({
    key,
    label,
    color,
    dashed: total,
    data: points(rows, () => key, measureOf(m, total)),
  });
  const series = [
    line('mean', 'mean additional', '#1d4ed8', 'mean', false),
    line('weighted', 'import-weighted additional', '#c2410c', 'weighted', false),
    ...(opts.totals
      ? [
          line('mean total', 'mean total (with column 1)', '#1d4ed8', 'mean', true),
          line('weighted total', 'import-weighted total', '#c2410c', 'weighted', true),
        ]
      : []),
  ];
  return render(
    linesFrame(
      base(
        `Additional US import duty rates, all countries, ${dated}`,
        'Chapter 99 duties above the column 1 rate: the mean over every HTS-10 line × country pair, and the mean weighted by 2024 imports.',
      ),
      series.filter((s) => s.data.length > 0),
    ),
  );
}

function emptyChart(title: string, width: number): string {
  return render({
    title,
    subtitle: 'Nothing to draw.',
    legend: [],
    width,
    height: 120,
    plot: (marginTop) => ({ marginTop, axis: null, marks: [Plot.frame({ stroke: 'none' })] }),
  });
}

// ---- compare-origins ----------------------------------------------------------------------------------------

/** 6109100012 -> 6109.10.0012. */
function dotted(code: string): string {
  const d = code.replace(/\D/g, '');
  if (d.length >= 8) return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}`;
  if (d.length === 6) return `${d.slice(0, 4)}.${d.slice(4)}`;
  return code;
}

/** A group's label: the country's name, a few codes, or "240 countries". */
export function originLabel(row: Pick<OriginRow, 'countries'>): string {
  const cs = row.countries;
  if (cs.length === 1) return `${cut(cs[0]!.name, 26)} (${cs[0]!.code})`;
  if (cs.length <= 5) return cs.map((c) => c.code).join(' ');
  return `${cs.length} countries`;
}

export interface OriginsChartOptions {
  /** At most this many treatments, the lowest first (default 40). */
  limit?: number;
  title?: string;
  width?: number;
}

/**
 * The countries of origin ranked by total duty on one product and date: one horizontal bar per treatment (countries
 * treated alike share it), lowest first, stacked by the authorities of its components.
 */
export function compareOriginsChartSvg(result: OriginComparison, opts: OriginsChartOptions = {}): string {
  const width = opts.width ?? 900;
  const limit = opts.limit ?? 40;
  const rows = result.rows.slice(0, limit);
  const title = opts.title ?? `Duty on ${dotted(result.hts)} by country of origin, entered ${result.date}`;
  if (rows.length === 0) return emptyChart(title, width);
  const labels = rows.map(originLabel);
  const keys = rows.map((_, i) => String(i));
  const segs = rows.flatMap((r, i) =>
    r.components
      .filter((c) => c.adValorem !== null && c.adValorem > 0)
      .map((c) => ({
        key: String(i),
        authority: c.authority,
        v: c.adValorem!,
        // A tooltip in a browser: who, which duty, which heading.
        title: `${labels[i]}: ${authorityName(c.authority)}${c.heading ? ` ${c.heading}` : ''} ${pct(c.adValorem!)}`,
      })),
  );
  const order = SERIES_AUTHORITIES.filter((a) => segs.some((s) => s.authority === a));
  const totals = rows.map((r, i) => ({
    key: String(i),
    x: r.totalAdValorem ?? 0,
    text:
      r.totalAdValorem === null
        ? 'no ad valorem rate'
        : r.totalDuty
          ? `${pct(r.totalAdValorem)}  ($${Number(r.totalDuty).toLocaleString('en-US', { minimumFractionDigits: 2 })})`
          : pct(r.totalAdValorem),
  }));
  const max = Math.max(1, ...totals.map((t) => t.x));
  const marginLeft = Math.min(260, Math.max(80, Math.ceil(Math.max(...labels.map((l) => textWidth(l, 12)))) + 20));
  const widest = Math.max(...totals.map((t) => textWidth(t.text, 12)));
  const more = result.rows.length - rows.length;
  const subtitle = [
    `${cut(result.description, 150)} (HTS ${result.revision}).`,
    'Countries treated alike share a bar, lowest duty first; each bar stacked by the authorities of its duties.',
    more > 0 ? `The ${rows.length} lowest of ${result.rows.length} treatments.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return render({
    title,
    subtitle,
    legend: order.map((a) => ({ label: authorityName(a), color: authorityColor(a), kind: 'swatch' })),
    width,
    height: 0,
    plot: (marginTop) => ({
      height: marginTop + 34 + rows.length * 26 + 20,
      marginTop: marginTop + 34,
      marginLeft,
      marginRight: Math.ceil(widest) + 24,
      marginBottom: 20,
      // The axis label is drawn below (Plot would put it at the top edge, over the header).
      x: {
        axis: 'top',
        label: null,
        domain: [0, max],
        grid: true,
        tickFormat: (v: number) => `${v}%`,
      },
      y: { label: null, domain: keys, tickFormat: (k: string) => labels[Number(k)] ?? k, tickSize: 0, padding: 0.25 },
      color: { domain: order, range: order.map(authorityColor) },
      marks: [
        Plot.barX(segs, { y: 'key', x: 'v', fill: 'authority', order, title: 'title' }),
        Plot.text(totals, { y: 'key', x: 'x', text: 'text', dx: 6, textAnchor: 'start', fill: INK }),
        Plot.ruleX([0]),
      ],
    }),
    after: (svg, _chart, doc, top) =>
      svg.appendChild(
        el(
          doc,
          'text',
          { x: marginLeft, y: top + 8, 'font-size': 12, fill: MUTED, 'text-anchor': 'start' },
          `total duty, ${Y_LABEL}`,
        ),
      ),
  });
}
