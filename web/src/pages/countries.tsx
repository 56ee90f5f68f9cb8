// Countries: every country of origin ranked by the duty on one product entered on one date, equal treatments grouped;
// and the other view, one country's additional rates over time (pages/country.tsx).
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import { api, ApiError, type OriginComparison, type OriginRow } from '../api';
import { useAsync } from '../hooks';
import { HtsField } from '../hts-input';
import { href, navigate } from '../router';
import { ErrorBox, Field, Link, Loading, money, pct, Tabs } from '../ui';
import { CountryOverTime, countryHref } from './country';

interface Fields {
  hts?: string;
  date?: string;
  value?: string;
}

const EXAMPLE = { hts: '6109.10.0012', date: '2025-04-10', value: '1000' };
const SHOWN_CODES = 6;

function fieldsOf(query: URLSearchParams): Fields {
  const f: Fields = {};
  for (const k of ['hts', 'date', 'value'] as const) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** "CN" or "DE FR IT +24 more". */
function codesLabel(row: OriginRow, n = SHOWN_CODES): string {
  const codes = row.countries.map((c) => c.code);
  return codes.length > n ? `${codes.slice(0, n).join(' ')} +${codes.length - n} more` : codes.join(' ');
}

/** The components above the column 1 rate that make the difference between groups. */
function additional(row: OriginRow) {
  return row.components.filter((c) => c.authority !== 'mfn' && (c.adValorem ?? 0) !== 0);
}

export function CountriesPage({ query }: { query: URLSearchParams }) {
  const overTime = query.get('view') === 'country';
  return (
    <section aria-labelledby="countries-h">
      <h1 id="countries-h">{overTime ? 'One country over time' : 'Compare countries of origin'}</h1>
      <Tabs
        label="Countries views"
        items={[
          { href: '/countries', name: 'Rank the origins of a product', current: !overTime },
          { href: countryHref(''), name: 'One country over time', current: overTime },
        ]}
      />
      {overTime ? <CountryOverTime query={query} /> : <RankedOrigins query={query} />}
    </section>
  );
}

function RankedOrigins({ query }: { query: URLSearchParams }) {
  const asked = fieldsOf(query);
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<Fields>(asked);
  useEffect(() => setDraft(asked), [key]);
  const ready = Boolean(asked.hts && asked.date);
  const result = useAsync(ready ? key : null, (signal) =>
    api.compareOrigins({ hts: asked.hts!, date: asked.date!, value: asked.value }, signal),
  );
  const invalid = result.error instanceof ApiError ? result.error.info.field : undefined;
  const set = (k: keyof Fields, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(href('/countries', { hts: draft.hts?.trim(), date: draft.date?.trim(), value: draft.value?.trim() }));
  };

  return (
    <>
      <p class="lead">
        The total duty on one product entered on one date, for every country of origin, lowest first. Countries with the
        same treatment are grouped.{' '}
        <Link href={href('/countries', EXAMPLE)}>Example: a cotton T-shirt on 2025-04-10</Link>
      </p>
      <form class="quote-form" onSubmit={submit} aria-label="Compare countries">
        <HtsField value={draft.hts ?? ''} onInput={(v) => set('hts', v)} />
        <Field
          id="date"
          label="Date of entry"
          type="date"
          help="from 2025-01-01"
          required
          value={draft.date ?? ''}
          invalid={invalid === 'date'}
          onInput={(v) => set('date', v)}
        />
        <Field
          id="value"
          label="Customs value (USD)"
          help="optional: gives the duty in dollars"
          value={draft.value ?? ''}
          invalid={invalid === 'value'}
          onInput={(v) => set('value', v)}
        />
        <div class="actions">
          <button type="submit" class="primary">
            Compare
          </button>
        </div>
      </form>

      {!ready ? (
        <p class="muted">Enter an HTS code and a date, then press Compare.</p>
      ) : result.error !== null ? (
        <ErrorBox error={result.error} />
      ) : result.data ? (
        <>
          {result.loading ? <Loading>Updating…</Loading> : null}
          <ComparisonView c={result.data} value={asked.value} />
        </>
      ) : (
        <Loading>Comparing every country…</Loading>
      )}
    </>
  );
}

function ComparisonView({ c, value }: { c: OriginComparison; value?: string }) {
  const withDuty = Boolean(value) && c.rows.some((r) => r.totalDuty !== null);
  const countries = c.rows.reduce((n, r) => n + r.countries.length, 0);
  // The base rate of the lowest group (column 1); a group with another base (column 2) says so.
  const usualBase = c.rows[0]?.components.find((x) => x.authority === 'mfn')?.rateText;
  return (
    <article class="result" aria-labelledby="result-h">
      <h2 id="result-h">
        <Link href={href('/browse', { code: c.hts, date: c.date })}>{c.hts}</Link> <span class="muted">entered</span>{' '}
        {c.date}
      </h2>
      <p class="desc">{c.description}</p>
      <p class="muted small">
        HTS revision {c.revision} · {countries} countries in {c.rows.length} treatments
        {value ? ` · value ${money(value)}` : ''}
      </p>
      <RankChart rows={c.rows} />
      <div class="scroll">
        <table class="origins">
          <caption>Countries of origin ranked by total rate (lowest first)</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Rank
              </th>
              <th scope="col" class="num">
                Total
              </th>
              {withDuty ? (
                <th scope="col" class="num">
                  Duty
                </th>
              ) : null}
              <th scope="col">Countries</th>
              <th scope="col">Additional duties</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r, i) => {
              const extra = additional(r);
              const base = r.components.find((x) => x.authority === 'mfn');
              const otherBase = base && base.rateText !== usualBase ? base : null;
              return (
                <tr key={i}>
                  <td class="num">{r.rank}</td>
                  <td class="num">
                    <strong>{pct(r.totalAdValorem)}</strong>
                  </td>
                  {withDuty ? <td class="num">{money(r.totalDuty)}</td> : null}
                  <td class="countries">
                    <CountryNames row={r} />
                  </td>
                  <td>
                    {otherBase ? <div>base rate {otherBase.rateText} (not column 1)</div> : null}
                    {extra.length ? (
                      <ul class="extra">
                        {extra.map((x, j) => (
                          <li key={j}>
                            <span class="code">{x.heading ?? '–'}</span> {x.rateText}
                          </li>
                        ))}
                      </ul>
                    ) : otherBase ? null : (
                      <span class="muted">column 1 rate only</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {c.notes.length ? (
        <>
          <h3>Notes</h3>
          <ul class="notes">
            {c.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}

function CountryNames({ row }: { row: OriginRow }) {
  const names = row.countries.map((c) => `${c.name} (${c.code})`);
  if (names.length <= 12)
    return (
      <>
        {row.countries.map((c, i) => (
          <Fragment key={c.code}>
            {i > 0 ? ', ' : ''}
            <Link href={countryHref(c.code)}>{names[i]}</Link>
          </Fragment>
        ))}
      </>
    );
  return (
    <details>
      <summary>
        {row.countries.length} countries: {names.slice(0, 4).join(', ')}…
      </summary>
      {names.join(', ')}
    </details>
  );
}

function RankChart({ rows }: { rows: OriginRow[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const known = rows.filter((r) => r.totalAdValorem !== null);
  useEffect(() => {
    const el = ref.current;
    if (!el || known.length === 0) return;
    const data = known.map((r, i) => ({
      key: `${i}`,
      label: codesLabel(r),
      total: r.totalAdValorem!,
      rank: r.rank,
    }));
    const labels = new Map(data.map((d) => [d.key, d.label]));
    const max = Math.max(...data.map((d) => d.total), 10);
    const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
    const chart = Plot.plot({
      width,
      height: 40 + data.length * 26,
      marginLeft: 230,
      marginRight: 60,
      marginTop: 30,
      style: { fontSize: '13px', color: '#1f2937', background: 'transparent' },
      x: {
        label: 'total rate (%)',
        domain: [0, max * 1.08],
        grid: true,
        axis: 'top',
        tickFormat: (v: number) => `${v}%`,
      },
      y: { label: null, domain: data.map((d) => d.key), tickFormat: (k: string) => labels.get(k) ?? k },
      marks: [
        Plot.barX(data, { y: 'key', x: 'total', fill: '#1d4ed8' }),
        Plot.text(data, {
          y: 'key',
          x: 'total',
          text: (d: { total: number }) => pct(d.total),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    });
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => el.replaceChildren();
  }, [rows]);
  if (known.length === 0) return <p class="muted">No country could be quoted for this line on this date.</p>;
  return (
    <div
      ref={ref}
      class="chart bars"
      role="img"
      aria-label="Bar chart of the total rate by group of countries, lowest first; the data is in the table below"
    />
  );
}
