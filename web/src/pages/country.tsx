// One country over time (a view of Countries): the mean additional rate on imports from one country over every
// HTS-10 line, each authority's part stacked, and the mean and import-weighted additional rates as step lines
// (GET /api/series?country=CC, by authority and by country).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SeriesAnswer } from '../api';
import { additionalByDay, DayChart, MEAN, nonZero, WEIGHTED } from '../charts';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { authorityName, ErrorBox, Field, Link, Loading, pct } from '../ui';

interface Fields {
  country: string;
  from: string;
  to: string;
}

const FIRST = '2025-01-01';
const today = () => new Date().toISOString().slice(0, 10);

export const countryHref = (country: string, range: Partial<Fields> = {}) =>
  href('/countries', { view: 'country', country, from: range.from, to: range.to });

export function CountryOverTime({ query }: { query: URLSearchParams }) {
  const asked: Fields = {
    country: (query.get('country') ?? '').trim().toUpperCase(),
    from: query.get('from') || FIRST,
    to: query.get('to') || today(),
  };
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<Fields>(asked);
  useEffect(() => setDraft(asked), [key]);
  const ready = asked.country !== '';
  const parts = useAsync(ready ? key : null, (signal) => api.series({ ...asked, by: 'authority' }, signal));
  const totals = useAsync(ready ? key : null, (signal) => api.series({ ...asked, by: 'country' }, signal));
  const error = parts.error ?? totals.error;
  const invalid = error instanceof ApiError ? error.info.field : undefined;
  const set = (k: keyof Fields, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(countryHref(draft.country.trim().toUpperCase(), { from: draft.from.trim(), to: draft.to.trim() }));
  };
  const field = (k: keyof Fields, label: string, help?: string) => (
    <Field
      id={`c-${k}`}
      label={label}
      type={k === 'country' ? 'text' : 'date'}
      required
      min={k === 'country' ? undefined : FIRST}
      maxLength={k === 'country' ? 2 : undefined}
      value={draft[k]}
      invalid={invalid === k}
      onInput={(v) => set(k, v)}
      {...(help ? { help } : {})}
    />
  );

  return (
    <>
      <p class="lead">
        The additional duties on imports from one country, averaged over every HTS-10 line, day by day: each authority’s
        part, and the mean next to the import-weighted rate.{' '}
        <Link href={countryHref('CN', { from: '2025-01-01', to: '2025-06-30' })}>
          Example: China, first half of 2025
        </Link>
      </p>
      <form class="quote-form" onSubmit={submit} aria-label="One country over time">
        {field('country', 'Country', 'ISO code, e.g. CN')}
        {field('from', 'From')}
        {field('to', 'To')}
        <div class="actions">
          <button type="submit" class="primary">
            Show
          </button>
        </div>
      </form>
      {!ready ? (
        <p class="muted">Enter a country code, then press Show.</p>
      ) : error !== null ? (
        <ErrorBox error={error} />
      ) : parts.data && totals.data && !parts.loading && !totals.loading ? (
        <CountryView parts={parts.data} totals={totals.data} />
      ) : (
        <Loading>
          Evaluating every line and country on each date the rates change, {asked.from} to {asked.to}. The first time
          this takes about a second per change date (up to a minute for the whole period); later requests are immediate.
        </Loading>
      )}
    </>
  );
}

function CountryView({ parts, totals }: { parts: SeriesAnswer; totals: SeriesAnswer }) {
  const country = totals.country ?? totals.rows[0]?.country ?? '';
  const stacked = additionalByDay(parts.rows, true);
  const used = nonZero(stacked);
  const lines = additionalByDay(totals.rows, false);
  const changes = new Set(totals.evaluated);
  const byDate = new Map<string, Map<string, number>>();
  for (const r of parts.rows)
    if (changes.has(r.date) && r.authority)
      (byDate.get(r.date) ?? byDate.set(r.date, new Map()).get(r.date)!).set(r.authority, r.mean_additional_pct);
  const authorities = [...new Set(parts.rows.map((r) => r.authority!))].filter(
    (a) => a !== 'mfn' && used.includes(authorityName(a)),
  );
  return (
    <article class="result" aria-labelledby="country-h">
      <h2 id="country-h">
        Imports from {country}, {totals.from} to {totals.to}
      </h2>
      <p class="muted small">
        {totals.rows[0]?.pairs.toLocaleString('en-US')} HTS-10 lines · {totals.evaluated.length} change dates ·{' '}
        <Link href={href('/rates', { from: totals.from, to: totals.to, by: 'country', country })}>
          Open in Effective rates
        </Link>
      </p>
      <h3>Mean additional rate by authority</h3>
      {used.length ? (
        <DayChart
          data={stacked.filter((d) => used.includes(d.who))}
          domain={used}
          kind="stacked"
          yLabel="mean additional rate (%)"
          label={`Stacked areas of each authority's part of the mean additional rate on imports from ${country}; the values are in the table below`}
        />
      ) : (
        <p class="muted">No additional duty on imports from {country} in this period.</p>
      )}
      <h3>Mean and import-weighted additional rate</h3>
      <DayChart
        data={lines}
        domain={[MEAN, WEIGHTED]}
        yLabel="additional rate (%)"
        height={280}
        label={`Step lines of the mean and import-weighted additional rate on imports from ${country}; the values are in the table below`}
      />
      <p class="muted small">
        The mean counts every line alike; the weighted rate weights lines by the 2024 imports from {country}
        {totals.weights ? '' : ' (no import weights on this server)'}. The parts by authority are of the mean.
      </p>
      <details>
        <summary>Values on each change date as a table</summary>
        <div class="scroll">
          <table class="compact" data-testid="country-table">
            <caption>Additional rate on imports from {country}, on each change date</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Mean additional
                </th>
                <th scope="col" class="num">
                  Weighted additional
                </th>
                {authorities.map((a) => (
                  <th scope="col" class="num" key={a}>
                    {authorityName(a)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {totals.rows
                .filter((r) => changes.has(r.date))
                .map((r) => (
                  <tr key={r.date}>
                    <td class="code">{r.date}</td>
                    <td class="num">{pct(r.mean_additional_pct)}</td>
                    <td class="num">{pct(r.weighted_additional_pct)}</td>
                    {authorities.map((a) => (
                      <td class="num" key={a}>
                        {pct(byDate.get(r.date)?.get(a))}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </article>
  );
}
