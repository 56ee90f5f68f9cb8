// Effective rates: the daily mean additional rate over all pairs of HTS-10 line x country (GET /api/series),
// unweighted and import-weighted; overall, by authority (stacked contributions) or for one country.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import { ApiError, type ErrorInfo } from '../api';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { authorityName, ErrorBox, Link, Loading, pct } from '../ui';

type By = 'overall' | 'authority' | 'country';

interface Fields {
  from: string;
  to: string;
  by: By;
  country: string;
}

interface SeriesRow {
  date: string;
  revision: string;
  country?: string;
  authority?: string;
  pairs: number;
  mean_additional_pct: number;
  mean_total_pct: number;
  weighted_additional_pct: number | null;
  weighted_total_pct: number | null;
}

interface SeriesAnswer {
  from: string;
  to: string;
  by: By;
  weights: string | null;
  evaluated: string[];
  rows: SeriesRow[];
}

const FIRST = '2025-01-01';
const today = () => new Date().toISOString().slice(0, 10);

function fieldsOf(query: URLSearchParams): Fields {
  const by = query.get('by');
  return {
    from: query.get('from') || FIRST,
    to: query.get('to') || today(),
    by: by === 'authority' || by === 'country' ? by : 'overall',
    country: (query.get('country') ?? '').toUpperCase(),
  };
}

async function fetchSeries(f: Fields, signal: AbortSignal): Promise<SeriesAnswer> {
  const u = new URLSearchParams({ from: f.from, to: f.to, by: f.by });
  if (f.by === 'country') u.set('country', f.country);
  let res: Response;
  try {
    res = await fetch(`/api/series?${u.toString()}`, { headers: { accept: 'application/json' }, signal });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new ApiError(0, { message: `the server cannot be reached (${(e as Error).message})` });
  }
  const body = (await res.json().catch(() => null)) as (SeriesAnswer & { error?: ErrorInfo }) | null;
  if (!res.ok)
    throw new ApiError(res.status, body?.error ?? { message: `the server answered ${res.status} ${res.statusText}` });
  return body!;
}

const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export function RatesPage({ query }: { query: URLSearchParams }) {
  const asked = fieldsOf(query);
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<Fields>(asked);
  useEffect(() => setDraft(asked), [key]);
  const ready = asked.by !== 'country' || asked.country !== '';
  const result = useAsync(ready ? key : null, (signal) => fetchSeries(asked, signal));
  const invalid = result.error instanceof ApiError ? result.error.info.field : undefined;
  const set = (k: keyof Fields, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(
      href('/rates', {
        from: draft.from.trim(),
        to: draft.to.trim(),
        by: draft.by,
        country: draft.by === 'country' ? draft.country.trim().toUpperCase() : undefined,
      }),
    );
  };

  return (
    <section aria-labelledby="rates-h">
      <h1 id="rates-h">Effective rates</h1>
      <p class="lead">
        The daily mean additional rate (above the column 1 rate) over every pair of HTS-10 line and country of origin,
        unweighted and weighted by 2024 imports.{' '}
        <Link href={href('/rates', { from: '2025-03-25', to: '2025-04-20', by: 'authority' })}>
          Example: April 2025 by authority
        </Link>
      </p>
      <form class="quote-form" onSubmit={submit} aria-label="Effective rates">
        <div class="field">
          <label for="from">From</label>
          <input
            id="from"
            type="date"
            required
            min={FIRST}
            value={draft.from}
            aria-invalid={invalid === 'from' ? true : undefined}
            onInput={(e) => set('from', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="to">To</label>
          <input
            id="to"
            type="date"
            required
            min={FIRST}
            value={draft.to}
            aria-invalid={invalid === 'to' ? true : undefined}
            onInput={(e) => set('to', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="by">Show</label>
          <select id="by" value={draft.by} onChange={(e) => set('by', e.currentTarget.value)}>
            <option value="overall">All countries</option>
            <option value="authority">By authority (stacked)</option>
            <option value="country">One country</option>
          </select>
        </div>
        {draft.by === 'country' ? (
          <div class="field">
            <label for="country">Country</label>
            <input
              id="country"
              type="text"
              required
              maxLength={2}
              value={draft.country}
              aria-describedby="country-help"
              aria-invalid={invalid === 'country' ? true : undefined}
              onInput={(e) => set('country', e.currentTarget.value)}
            />
            <small id="country-help">ISO code, e.g. CN</small>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary">
            Show
          </button>
        </div>
      </form>

      {!ready ? (
        <p class="muted">Enter a country code, then press Show.</p>
      ) : result.error !== null ? (
        <ErrorBox error={result.error} />
      ) : result.data && !result.loading ? (
        <RatesView s={result.data} />
      ) : (
        <Loading>
          Evaluating every line and country on each date the rates change, {asked.from} to {asked.to} (
          {days(asked.from, asked.to)} days). The first time, this takes about a second per change date: up to 40 s for
          the whole period; later requests are immediate.
        </Loading>
      )}
    </section>
  );
}

const utc = (d: string) => new Date(`${d}T00:00:00Z`);

function RatesView({ s }: { s: SeriesAnswer }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || s.rows.length === 0) return;
    const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
    const common = {
      width,
      height: 360,
      marginLeft: 56,
      marginTop: 20,
      marginBottom: 40,
      style: { fontSize: '13px', color: '#1f2937', background: 'transparent' },
      x: { type: 'utc' as const, label: null },
    };
    let chart: (SVGSVGElement | HTMLElement) & Plot.Plot;
    if (s.by === 'authority') {
      const data = s.rows
        .filter((r) => r.authority !== 'mfn' && r.authority !== undefined)
        .map((r) => ({ date: utc(r.date), day: r.date, who: authorityName(r.authority!), v: r.mean_additional_pct }));
      const used = [...new Set(data.filter((d) => d.v !== 0).map((d) => d.who))];
      const shown = data.filter((d) => used.includes(d.who));
      chart = Plot.plot({
        ...common,
        y: { label: 'mean additional rate (%)', grid: true, tickFormat: (v: number) => `${v}%` },
        color: { legend: true, domain: used, scheme: 'tableau10' },
        marks: [
          Plot.areaY(shown, { x: 'date', y: 'v', fill: 'who', curve: 'step-after', order: used }),
          Plot.ruleY([0]),
          Plot.tip(
            shown,
            Plot.pointer(
              Plot.stackY({
                x: 'date',
                y: 'v',
                z: 'who',
                order: used,
                title: (d: { day: string; who: string; v: number }) => `${d.day}\n${d.who}: ${pct(d.v)}`,
              }),
            ),
          ),
        ],
      });
    } else {
      const data = s.rows.flatMap((r) => [
        { date: utc(r.date), day: r.date, which: 'Mean additional', v: r.mean_additional_pct },
        ...(r.weighted_additional_pct === null
          ? []
          : [{ date: utc(r.date), day: r.date, which: 'Import-weighted additional', v: r.weighted_additional_pct }]),
      ]);
      chart = Plot.plot({
        ...common,
        y: { label: 'additional rate (%)', grid: true, zero: true, tickFormat: (v: number) => `${v}%` },
        color: {
          legend: true,
          domain: ['Mean additional', 'Import-weighted additional'],
          range: ['#1d4ed8', '#b45309'],
        },
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(data, { x: 'date', y: 'v', stroke: 'which', curve: 'step-after', strokeWidth: 2.5 }),
          Plot.tip(
            data,
            Plot.pointer({
              x: 'date',
              y: 'v',
              stroke: 'which',
              title: (d: { day: string; which: string; v: number }) => `${d.day}\n${d.which}: ${pct(d.v)}`,
            }),
          ),
        ],
      });
    }
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => el.replaceChildren();
  }, [s]);

  if (s.rows.length === 0) return <p class="muted">No rows.</p>;
  const dates = [...new Set(s.rows.map((r) => r.date))];
  const heading =
    s.by === 'authority'
      ? 'Mean additional rate by authority'
      : s.by === 'country'
        ? `Additional rate on imports from ${s.rows[0]!.country}`
        : 'Mean additional rate, all countries';
  // The table lists the change dates only (every other day repeats the day before).
  const changed = new Set(s.evaluated);
  const tableRows = s.rows.filter(
    (r) =>
      changed.has(r.date) &&
      (s.by !== 'authority' ||
        (r.authority !== 'mfn' && (r.mean_additional_pct !== 0 || (r.weighted_additional_pct ?? 0) !== 0))),
  );
  return (
    <section class="series" aria-labelledby="rates-chart-h">
      <h2 id="rates-chart-h">
        {heading}, {s.from} to {s.to}
      </h2>
      <div
        ref={ref}
        class="chart"
        role="img"
        aria-label={`${heading} by day, ${dates.length} days; the values on each change date are in the table below`}
      />
      <p class="muted small">
        {s.evaluated.length} change dates evaluated over {dates.length} days.{' '}
        {s.weights ? `Weights: ${s.weights}.` : 'No import weights on this server: the weighted rate is not shown.'}
      </p>
      <details>
        <summary>Values on each change date as a table</summary>
        <div class="scroll">
          <table class="compact">
            <caption>{heading}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {s.by === 'authority' ? <th scope="col">Authority</th> : null}
                <th scope="col" class="num">
                  Mean additional
                </th>
                <th scope="col" class="num">
                  Weighted additional
                </th>
                <th scope="col" class="num">
                  Mean total
                </th>
              </tr>
            </thead>
            <tbody>
              {tableRows.map((r) => (
                <tr key={`${r.date} ${r.authority ?? ''}`}>
                  <td class="code">{r.date}</td>
                  {s.by === 'authority' ? <td>{authorityName(r.authority ?? '')}</td> : null}
                  <td class="num">{pct(r.mean_additional_pct)}</td>
                  <td class="num">{pct(r.weighted_additional_pct)}</td>
                  <td class="num">{pct(r.mean_total_pct)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
