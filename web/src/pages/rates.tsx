// Effective rates: the daily mean additional rate over all pairs of HTS-10 line x country (GET /api/series),
// unweighted and import-weighted; overall, by authority (stacked contributions) or for one country.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SeriesAnswer, type SeriesBy } from '../api';
import { additionalByDay, DayChart, MEAN, nonZero, WEIGHTED } from '../charts';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { authorityName, ErrorBox, Field, Link, Loading, pct } from '../ui';

interface Fields {
  from: string;
  to: string;
  by: SeriesBy;
  country: string;
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

const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export function RatesPage({ query }: { query: URLSearchParams }) {
  const asked = fieldsOf(query);
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<Fields>(asked);
  useEffect(() => setDraft(asked), [key]);
  const ready = asked.by !== 'country' || asked.country !== '';
  const result = useAsync(ready ? key : null, (signal) =>
    api.series({ ...asked, country: asked.by === 'country' ? asked.country : undefined }, signal),
  );
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
        {(['from', 'to'] as const).map((k) => (
          <Field
            key={k}
            id={k}
            label={k === 'from' ? 'From' : 'To'}
            type="date"
            required
            min={FIRST}
            value={draft[k]}
            invalid={invalid === k}
            onInput={(v) => set(k, v)}
          />
        ))}
        <div class="field">
          <label for="by">Show</label>
          <select id="by" value={draft.by} onChange={(e) => set('by', e.currentTarget.value)}>
            <option value="overall">All countries</option>
            <option value="authority">By authority (stacked)</option>
            <option value="country">One country</option>
          </select>
        </div>
        {draft.by === 'country' ? (
          <Field
            id="country"
            label="Country"
            help="ISO code, e.g. CN"
            required
            maxLength={2}
            value={draft.country}
            invalid={invalid === 'country'}
            onInput={(v) => set('country', v)}
          />
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

function RatesView({ s }: { s: SeriesAnswer }) {
  const stacked = s.by === 'authority';
  const all = additionalByDay(s.rows, stacked);
  const domain = stacked ? nonZero(all) : [MEAN, WEIGHTED];
  const data = stacked ? all.filter((d) => domain.includes(d.who)) : all;
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
      <DayChart
        data={data}
        domain={domain}
        kind={stacked ? 'stacked' : 'lines'}
        yLabel={stacked ? 'mean additional rate (%)' : 'additional rate (%)'}
        label={`${heading} by day, ${dates.length} days; the values on each change date are in the table below`}
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
