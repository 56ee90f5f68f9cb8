// The timeline of one line's total rate for one country across 2025-2026: one POST /api/quote with the first of
// every month and the dates the law changed, drawn as a step line with the events numbered.
import { useEffect, useRef } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import { api, isBatchError, type QuoteFields } from './api';
import { useAsync } from './hooks';
import { ErrorBox, Loading, pct } from './ui';

export const EVENTS: { date: string; label: string }[] = [
  { date: '2025-02-04', label: 'IEEPA fentanyl duties on China (10%)' },
  { date: '2025-03-04', label: 'Fentanyl duties: China 20%, Canada and Mexico 25%' },
  { date: '2025-04-05', label: 'Reciprocal baseline of 10%' },
  { date: '2025-04-09', label: 'Country reciprocal rates' },
  { date: '2025-04-10', label: '90-day pause; China raised to 125%' },
  { date: '2025-05-14', label: 'Geneva: China back to the 10% baseline' },
  { date: '2025-08-07', label: 'Phase 2 rates; EU and Japan 15% floors' },
  { date: '2025-11-10', label: 'China fentanyl duty cut to 10%' },
  { date: '2026-02-24', label: 'Supreme Court ruling ends IEEPA duties; Section 122 surcharge' },
  { date: '2026-07-22', label: 'Section 301 on Brazil (25%)' },
  { date: '2026-07-24', label: 'Section 122 surcharge ends; Section 301 forced-labor duties on 60 economies' },
  { date: '2026-07-31', label: 'Section 232 pharmaceuticals (Annex III companies)' },
  { date: '2026-08-15', label: 'Section 201 safeguard on quartz surface products' },
  { date: '2026-08-22', label: 'Section 338 duties on products of Canada (50%)' },
  { date: '2026-09-03', label: 'Section 232 unmanned aircraft systems' },
  { date: '2026-09-15', label: 'Section 338 lists widened; stacking on Section 232' },
  { date: '2026-09-29', label: 'Section 232 pharmaceuticals for all companies; Section 338 import prohibitions' },
  { date: '2026-11-10', label: 'Section 301 cranes and chassis; China exclusions end' },
  { date: '2026-12-04', label: 'Section 232 polysilicon: minimum import prices and 15%' },
];

function dates(): string[] {
  const all = new Set(EVENTS.map((e) => e.date));
  for (const y of [2025, 2026]) for (let m = 1; m <= 12; m++) all.add(`${y}-${String(m).padStart(2, '0')}-01`);
  return [...all].sort();
}

interface Point {
  date: string;
  total: number | null;
}

export function Timeline({ fields }: { fields: QuoteFields }) {
  const { date: chosen, ...rest } = fields;
  const key = JSON.stringify(rest);
  const series = useAsync<Point[]>(key, async (signal) => {
    const ds = dates();
    const answers = await api.quotes(
      ds.map((date) => ({ ...rest, date })),
      signal,
    );
    return answers.map((a, i) => ({
      date: ds[i]!,
      total: isBatchError(a) || a.kind !== 'quote' ? null : (a.totalAdValorem ?? null),
    }));
  });
  return (
    <section class="timeline" aria-labelledby="timeline-h">
      <h3 id="timeline-h">
        Total rate of {rest.hts} from {rest.country}, 2025-2026
      </h3>
      {series.error !== null ? (
        <ErrorBox error={series.error} />
      ) : series.data ? (
        <TimelineChart points={series.data} chosen={chosen} />
      ) : (
        <Loading>Quoting {dates().length} dates…</Loading>
      )}
    </section>
  );
}

function TimelineChart({ points, chosen }: { points: Point[]; chosen?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const known = points.filter((p) => p.total !== null) as { date: string; total: number }[];
  const at = (d: string) => points.find((p) => p.date === d)?.total ?? null;
  useEffect(() => {
    const el = ref.current;
    if (!el || known.length === 0) return;
    const data = known.map((p) => ({ date: new Date(`${p.date}T00:00:00Z`), total: p.total }));
    const max = Math.max(...known.map((p) => p.total), 10);
    // Numbers at three heights, so that the April events do not overlap.
    const events = EVENTS.map((e, i) => ({
      date: new Date(`${e.date}T00:00:00Z`),
      n: String(i + 1),
      label: e.label,
      y: max * (1.34 - 0.09 * (i % 3)),
    }));
    const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
    const marks: Plot.Markish[] = [
      Plot.ruleX(events, { x: 'date', stroke: '#9aa5b1', strokeDasharray: '3,3' }),
      Plot.text(events, {
        x: 'date',
        y: 'y',
        text: 'n',
        fill: '#334155',
        fontWeight: 600,
        title: 'label',
      }),
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'date', y: 'total', curve: 'step-after', stroke: '#1d4ed8', strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'date', y: 'total', r: 2.5, fill: '#1d4ed8' }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: 'date',
          y: 'total',
          title: (d: { date: Date; total: number }) => `${d.date.toISOString().slice(0, 10)}: ${pct(d.total)}`,
        }),
      ),
    ];
    if (chosen && /^\d{4}-\d{2}-\d{2}$/.test(chosen)) {
      const v = at(chosen);
      const d = new Date(`${chosen}T00:00:00Z`);
      marks.push(Plot.ruleX([d], { stroke: '#b45309', strokeWidth: 1.5 }));
      if (v !== null) marks.push(Plot.dot([{ date: d, total: v }], { x: 'date', y: 'total', r: 5, fill: '#b45309' }));
    }
    const chart = Plot.plot({
      width,
      height: 300,
      marginLeft: 50,
      marginTop: 30,
      marginBottom: 44,
      style: { fontSize: '13px', color: '#1f2937', background: 'transparent' },
      x: { type: 'utc', label: null, domain: [new Date('2025-01-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] },
      y: { label: 'total rate (%)', domain: [0, max * 1.38], grid: true, tickFormat: (v: number) => `${v}%` },
      marks,
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => el.replaceChildren();
  }, [points, chosen]);

  if (known.length === 0) return <p class="muted">No date of 2025-2026 could be quoted for this line.</p>;
  return (
    <>
      <div
        ref={ref}
        class="chart"
        role="img"
        aria-label="Step chart of the total rate by date; the data is listed below"
      />
      <ol class="events">
        {EVENTS.map((e) => (
          <li key={e.date}>
            <span class="code">{e.date}</span> <strong class="rate">{pct(at(e.date))}</strong> {e.label}
          </li>
        ))}
      </ol>
      {chosen ? (
        <p class="muted small">
          <span class="swatch" aria-hidden="true" /> The date quoted above, {chosen}.
        </p>
      ) : null}
      <details>
        <summary>All dates as a table</summary>
        <div class="scroll">
          <table class="compact">
            <caption>Total rate by date</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Total rate
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <td class="code">{p.date}</td>
                  <td class="num">{pct(p.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
