// The timeline of one line's rate from one country on every date the law covers: GET /api/timeline gives the dates
// the answer changes (the law's own dates: a rate, product list or program window, an HTS revision) with the measures
// that changed, drawn as steps at those exact dates, numbered, and listed with what changed.
import { useEffect, useRef } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import { api, type QuoteFields, type Timeline as TimelineData, type TimelinePoint } from './api';
import { useAsync } from './hooks';
import { ErrorBox, Loading, pct } from './ui';

const DAY = 86_400_000;
const utc = (d: string) => new Date(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Which rate is drawn: the total, or (a specific column 1 rate without value and quantity) the additional rate. */
type Measure = 'total' | 'additional';

function measureOf(points: TimelinePoint[]): Measure | null {
  if (points.some((p) => p.total !== null)) return 'total';
  if (points.some((p) => p.additional !== null)) return 'additional';
  return null;
}

/** The point in force on a date (the last on or before it). */
function inForce(points: TimelinePoint[], date: string): TimelinePoint | undefined {
  let found: TimelinePoint | undefined;
  for (const p of points) if (p.date <= date) found = p;
  return found;
}

/** The rate of a point as listed: "27.5%", "prohibited", "no rate". */
function rateOf(p: TimelinePoint, m: Measure): string {
  if (p.kind === 'prohibited') return 'prohibited';
  if (p.kind === 'no-line') return '–';
  if (p.kind !== 'quote') return 'no rate';
  return pct(p[m]);
}

/** What changed on a point, one line per measure. */
function linesOf(p: TimelinePoint, prev: TimelinePoint | undefined): string[] {
  if (p.kind !== 'quote') return [p.label];
  const lines = p.changes.map((c) => c.label);
  if (prev && prev.kind !== 'quote')
    lines.unshift(prev.kind === 'prohibited' ? 'The prohibition ends' : `In HTS ${p.revision}`);
  return lines;
}

export function Timeline({ fields }: { fields: QuoteFields }) {
  const { date: chosen, ...rest } = fields;
  const key = JSON.stringify(rest);
  const t = useAsync<TimelineData>(key, (signal) => api.timeline(rest, signal));
  return (
    <section class="timeline" aria-labelledby="timeline-h">
      <h3 id="timeline-h">
        Rate of {rest.hts} from {rest.country} by date of entry
      </h3>
      {t.error !== null ? (
        <ErrorBox error={t.error} />
      ) : t.data ? (
        <TimelineView data={t.data} chosen={chosen} />
      ) : (
        <Loading>Finding the dates the law changes this line…</Loading>
      )}
    </section>
  );
}

interface Marker {
  date: Date;
  n: string;
  level: number;
  title: string;
}

function TimelineView({ data, chosen }: { data: TimelineData; chosen?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { points } = data;
  const measure = measureOf(points);
  const valid = chosen && /^\d{4}-\d{2}-\d{2}$/.test(chosen) ? chosen : undefined;
  const current = valid ? inForce(points, valid) : undefined;

  useEffect(() => {
    const el = ref.current;
    if (!el || !measure) return;
    const value = (p: TimelinePoint) => (p.kind === 'quote' ? p[measure] : null);
    const start = utc(data.from).getTime();
    // At least to the end of 2026 (the law covers to 2026-12-03), and a quarter past the last change.
    const lastChange = utc(points[points.length - 1]!.date).getTime();
    const end = Math.max(utc('2027-01-01').getTime(), lastChange + 90 * DAY);
    const endOf = (p: TimelinePoint) => (p.to ? utc(p.to).getTime() : end);

    // The steps: a level from each point to the next, a riser where two known levels meet.
    const levels = points
      .filter((p) => value(p) !== null)
      .map((p) => ({ x1: utc(p.date), x2: new Date(endOf(p)), v: value(p)! }));
    const risers = points.slice(1).flatMap((p, i) => {
      const a = value(points[i]!);
      const b = value(p);
      return a !== null && b !== null && a !== b ? [{ x: utc(p.date), y1: a, y2: b }] : [];
    });
    const max = Math.max(10, ...levels.map((l) => l.v));
    // The periods without a duty: prohibited, not a line, no rate.
    const gaps = points
      .filter((p) => p.kind !== 'quote')
      .map((p) => ({
        x1: utc(p.date),
        x2: new Date(endOf(p)),
        what: p.kind === 'prohibited' ? 'prohibited' : p.kind === 'no-line' ? 'not in the HTS' : 'no rate',
        fill: p.kind === 'prohibited' ? '#fecaca' : '#e5e7eb',
      }));

    // The change points, numbered as in the list; numbers too close to the previous one go a row higher.
    const width = Math.max(300, Math.min(el.clientWidth || 900, 1100));
    const marginLeft = 48;
    const marginRight = 24;
    const px = (t: number) => marginLeft + ((t - start) / (end - start)) * (width - marginLeft - marginRight);
    const gap = points.length > 10 ? 20 : 14;
    const lastX: number[] = [];
    const markers: (Marker & { rateChanged: boolean })[] = points.slice(1).map((p, i) => {
      const x = px(utc(p.date).getTime());
      let level = lastX.findIndex((lx) => x - lx >= gap);
      if (level < 0) level = lastX.length;
      lastX[level] = x;
      return {
        date: utc(p.date),
        n: String(i + 1),
        level,
        rateChanged: p.rateChanged,
        title: `${i + 1}. ${p.date}: ${rateOf(p, measure)}\n${linesOf(p, points[i]).join('\n')}`,
      };
    });
    const rows = Math.max(1, lastX.length);

    // The tip: the point in force on every few days of the range (on a phone, only the rate: the list says why).
    const narrow = width < 560;
    const hover: { date: Date; v: number; title: string }[] = [];
    const step = Math.max(1, Math.round((end - start) / DAY / 600));
    for (let t = start; t < end; t += step * DAY) {
      const p = inForce(points, iso(t));
      const v = p ? value(p) : null;
      if (!p || v === null) continue;
      hover.push({
        date: new Date(t),
        v,
        title: narrow
          ? `${iso(t)}: ${rateOf(p, measure)}\nsince ${p.date}`
          : `${iso(t)}: ${rateOf(p, measure)}\nsince ${p.date}: ${linesOf(p, undefined).slice(0, 3).join('; ')}`,
      });
    }

    const marks: Plot.Markish[] = [
      Plot.rect(gaps, { x1: 'x1', x2: 'x2', fill: 'fill', fillOpacity: 0.6 }),
      Plot.text(gaps, {
        x: 'x1',
        text: 'what',
        frameAnchor: 'bottom',
        rotate: -90,
        textAnchor: 'start',
        dx: 10,
        dy: -6,
        fill: '#7f1d1d',
      }),
      Plot.ruleX(
        markers.filter((m) => !m.rateChanged),
        { x: 'date', stroke: '#cbd5e1', strokeDasharray: '3,3' },
      ),
      Plot.ruleX(
        markers.filter((m) => m.rateChanged),
        { x: 'date', stroke: '#94a3b8', strokeDasharray: '3,3' },
      ),
      Plot.ruleY([0]),
      Plot.ruleY(levels, { y: 'v', x1: 'x1', x2: 'x2', stroke: '#1d4ed8', strokeWidth: 2.5 }),
      Plot.ruleX(risers, { x: 'x', y1: 'y1', y2: 'y2', stroke: '#1d4ed8', strokeWidth: 2.5 }),
      Plot.dot(levels, { x: 'x1', y: 'v', r: 2.5, fill: '#1d4ed8' }),
    ];
    for (let level = 0; level < rows; level++)
      for (const changed of [true, false])
        marks.push(
          Plot.text(
            markers.filter((m) => m.level === level && m.rateChanged === changed),
            {
              x: 'date',
              text: 'n',
              frameAnchor: 'top',
              dy: -8 - level * 15,
              fill: changed ? '#1e293b' : '#64748b',
              fontWeight: changed ? 700 : 400,
              title: 'title',
            },
          ),
        );
    if (valid && current) {
      const d = utc(valid);
      const v = value(current);
      marks.push(Plot.ruleX([d], { stroke: '#b45309', strokeWidth: 1.5 }));
      if (v !== null) marks.push(Plot.dot([{ date: d, v }], { x: 'date', y: 'v', r: 5, fill: '#b45309' }));
    }
    marks.push(Plot.tip(hover, Plot.pointerX({ x: 'date', y: 'v', title: 'title', lineWidth: narrow ? 18 : 28 })));
    const chart = Plot.plot({
      width,
      height: narrow ? 240 : 300,
      marginLeft,
      marginRight,
      marginTop: 12 + rows * 15,
      marginBottom: 42,
      style: { fontSize: narrow ? '12px' : '13px', color: '#1f2937', background: 'transparent' },
      x: { type: 'utc', label: null, domain: [new Date(start), new Date(end)], ticks: narrow ? 4 : 8 },
      y: {
        label: measure === 'total' ? 'total rate (%)' : 'additional rate (%)',
        domain: [0, max * 1.08],
        grid: true,
        nice: true,
        tickFormat: (v: number) => `${v}%`,
      },
      marks,
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => el.replaceChildren();
  }, [data, valid]);

  if (!measure)
    return (
      <p class="muted">
        No rate of {data.hts} from {data.country} is known on any date
        {points[0]?.reason ? ` (${points[0].reason})` : ''}.
      </p>
    );
  const first = points[0]!;
  const changes = points.slice(1);
  return (
    <>
      <p class="muted small">
        Steps at the dates the law changes this line from this country: {changes.length} change
        {changes.length === 1 ? '' : 's'} found among the {data.evaluated} dates where a measure, a product list or an
        HTS revision begins or ends (the last, {data.last}).
        {measure === 'additional'
          ? ' The column 1 rate is specific: the chart shows the additional rate (give a value and a quantity for the total).'
          : ''}
      </p>
      <div
        ref={ref}
        class="chart steps"
        role="img"
        aria-label={`Step chart of the ${measure} rate by date of entry; the changes are listed below`}
      />
      <p class="legend muted small">
        <span>
          <span class="key changed" aria-hidden="true" /> the rate changes
        </span>
        <span>
          <span class="key same" aria-hidden="true" /> only the headings reported change
        </span>
        {valid ? (
          <span>
            <span class="swatch" aria-hidden="true" /> the date quoted above, {valid}
            {current ? ` (${rateOf(current, measure)})` : ''}
          </span>
        ) : null}
      </p>
      <p class="timeline-start">
        From <span class="code">{first.date}</span>
        {first.kind === 'quote' ? (
          <>
            {' '}
            <strong>{rateOf(first, measure)}</strong>
          </>
        ) : null}
        : {linesOf(first, undefined).join('; ')}
      </p>
      {changes.length ? (
        <ol class="events">
          {changes.map((p, i) => {
            const prev = points[i]!;
            const from = rateOf(prev, measure);
            const to = rateOf(p, measure);
            return (
              <li
                key={p.date}
                class={p.rateChanged ? 'changed' : 'same'}
                data-date={p.date}
                aria-current={current === p ? 'date' : undefined}
              >
                <span class="code">{p.date}</span> <strong class="rate">{from === to ? to : `${from} → ${to}`}</strong>
                {p.rateChanged ? null : <span class="muted small"> rate unchanged</span>}
                <ul class="changes">
                  {linesOf(p, prev).map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="muted">The law records no change for this line from this country.</p>
      )}
      <details>
        <summary>All periods as a table</summary>
        <div class="scroll">
          <table class="compact">
            <caption>
              The {measure} rate and the headings reported, period by period (until: the day before the next change)
            </caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col" class="num">
                  {measure === 'total' ? 'Total' : 'Additional'}
                </th>
                <th scope="col">Headings</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <td class="code">{p.date}</td>
                  <td class="code">{p.to ? iso(utc(p.to).getTime() - DAY) : 'further notice'}</td>
                  <td class="num">{rateOf(p, measure)}</td>
                  <td class="small">
                    {p.components
                      .filter((c) => c.heading)
                      .map((c) => `${c.heading} ${c.rateText}`)
                      .join(', ') ||
                      p.prohibition?.title ||
                      '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
