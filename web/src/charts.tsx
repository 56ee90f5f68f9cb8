// Charts of daily rates (Observable Plot): step lines, or areas stacked by group, with a tip on hover. The chart is
// hidden from screen readers (role img with a label); each page lists the values in a table.
import { useEffect, useRef } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import type { SeriesRow } from './api';
import { authorityName, pct } from './ui';

/** One value of one series on one day (the series changes value on the next point's day). */
export interface DayValue {
  day: string;
  who: string;
  v: number;
}

export const LINE_COLORS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed'];

interface Props {
  data: DayValue[];
  /** The series in legend order. */
  domain: string[];
  yLabel: string;
  /** What the chart shows, for screen readers. */
  label: string;
  /** stacked: areas stacked by series; lines (default): one step line per series. */
  kind?: 'lines' | 'stacked';
  colors?: string[];
  /** Series drawn dashed and thinner, over the others (so that equal values show both). */
  dashed?: string[];
  height?: number;
}

const utc = (d: string) => new Date(`${d}T00:00:00Z`);

export function DayChart(props: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { data, domain, yLabel, kind = 'lines', dashed = [] } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el || data.length === 0) return;
    const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
    const rows = data.map((d) => ({ ...d, date: utc(d.day) }));
    const title = (d: DayValue) => `${d.day}\n${d.who}: ${pct(d.v)}`;
    const y = { label: yLabel, grid: true, zero: true, nice: true, tickFormat: (v: number) => `${v}%` };
    const marks: Plot.Markish[] = [Plot.ruleY([0])];
    if (kind === 'stacked') {
      marks.unshift(Plot.areaY(rows, { x: 'date', y: 'v', fill: 'who', curve: 'step-after', order: domain }));
      marks.push(Plot.tip(rows, Plot.pointer(Plot.stackY({ x: 'date', y: 'v', z: 'who', order: domain, title }))));
    } else {
      for (const who of [...domain.filter((w) => !dashed.includes(w)), ...dashed]) {
        const line = rows.filter((d) => d.who === who);
        const dash = dashed.includes(who);
        marks.push(
          Plot.lineY(line, {
            x: 'date',
            y: 'v',
            stroke: 'who',
            curve: 'step-after',
            strokeWidth: dash ? 2.5 : 3,
            ...(dash ? { strokeDasharray: '7 5' } : {}),
          }),
        );
      }
      marks.push(Plot.tip(rows, Plot.pointer({ x: 'date', y: 'v', stroke: 'who', title })));
    }
    const chart = Plot.plot({
      width,
      height: props.height ?? 340,
      marginLeft: 56,
      marginTop: 20,
      marginBottom: 40,
      style: { fontSize: '13px', color: '#1f2937', background: 'transparent' },
      x: { type: 'utc', label: null },
      y,
      color:
        kind === 'stacked'
          ? { legend: true, domain, scheme: 'tableau10' }
          : { legend: true, domain, range: props.colors ?? LINE_COLORS },
      marks,
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => el.replaceChildren();
  }, [data, domain.join('|'), kind]);
  if (data.length === 0) return <p class="muted">No values to draw.</p>;
  return <div ref={ref} class="chart" role="img" aria-label={props.label} />;
}

/** The additional rate of each day: mean and import-weighted lines, or each authority's part (stacked). */
export function additionalByDay(rows: SeriesRow[], byAuthority: boolean): DayValue[] {
  if (byAuthority)
    return rows
      .filter((r) => r.authority !== 'mfn' && r.authority !== undefined)
      .map((r) => ({ day: r.date, who: authorityName(r.authority!), v: r.mean_additional_pct }));
  return rows.flatMap((r) => [
    { day: r.date, who: MEAN, v: r.mean_additional_pct },
    ...(r.weighted_additional_pct === null ? [] : [{ day: r.date, who: WEIGHTED, v: r.weighted_additional_pct }]),
  ]);
}

export const MEAN = 'Mean additional';
export const WEIGHTED = 'Import-weighted additional';

/** The groups that are not zero throughout, in order of first appearance. */
export function nonZero(data: DayValue[]): string[] {
  return [...new Set(data.filter((d) => d.v !== 0).map((d) => d.who))];
}
