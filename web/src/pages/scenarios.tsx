// Scenarios: an overlay on the law (an example of law/scenarios, or YAML written here) applied to one entry line
// (POST /api/scenario): the components under the actual law and under the scenario side by side, with the
// difference; optionally the daily mean additional rate of both over a range.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Quote, type ScenarioRun } from '../api';
import { DayChart, type DayValue } from '../charts';
import { useAsync } from '../hooks';
import { HtsField } from '../hts-input';
import { EntryFields } from './quote';
import { href, navigate } from '../router';
import { authorityName, ErrorBox, Field, Link, Loading, money, moneyDiff, pct, pp } from '../ui';

const KEYS = ['example', 'yaml', 'hts', 'country', 'date', 'value', 'from', 'to'] as const;
type Fields = Partial<Record<(typeof KEYS)[number], string>>;

const EXAMPLE: Fields = {
  example: 'japan-no-pause.yaml',
  hts: '6109.10.0012',
  country: 'JP',
  date: '2025-05-01',
  value: '1000',
};

const ACTUAL = 'Actual law';
const SCENARIO = 'Scenario';

function fieldsOf(query: URLSearchParams): Fields {
  const f: Fields = {};
  for (const k of KEYS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** "scenario.changes[1].add.rate" → "change 2 (add), key rate". */
function whereInScenario(field: string | undefined): string | null {
  const m = /^scenario\.changes\[(\d+)\](?:\.(end|add|set))?(?:\.(.+))?$/.exec(field ?? '');
  if (!m) return null;
  return `change ${Number(m[1]) + 1} of the list${m[2] ? ` (${m[2]})` : ''}${m[3] ? `, key ${m[3]}` : ''}`;
}

export function ScenariosPage({ query }: { query: URLSearchParams }) {
  const asked = fieldsOf(query);
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<Fields>(asked);
  useEffect(() => setDraft(asked), [key]);
  const examples = useAsync('examples', (signal) => api.scenarios(signal));
  const list = examples.data?.scenarios ?? [];
  const textOf = (file: string | undefined) => (file ? list.find((x) => x.file === file)?.text : undefined);

  // The scenario run: the YAML of the URL, else the example it names (once the examples are here).
  const text = asked.yaml ?? textOf(asked.example);
  const unknownExample = Boolean(asked.example && !asked.yaml && examples.data && text === undefined);
  const withSeries = Boolean(asked.from && asked.to);
  const ready = Boolean(text && asked.hts && asked.country && asked.date);
  const result = useAsync(ready ? JSON.stringify({ asked, text }) : null, (signal) =>
    api.scenario(
      {
        scenario: text!,
        quote: { hts: asked.hts, country: asked.country, date: asked.date, value: asked.value },
        ...(withSeries ? { series: { from: asked.from!, to: asked.to! } } : {}),
      },
      signal,
    ),
  );

  const field = result.error instanceof ApiError ? result.error.info.field : undefined;
  const invalid = (name: string) =>
    field === `quote.${name}` ||
    field === `series.${name}` ||
    (name === 'yaml' && field?.startsWith('scenario') === true);
  const draftText = draft.yaml ?? textOf(draft.example) ?? '';
  const edited = draft.example !== undefined && draft.yaml !== undefined && draft.yaml !== textOf(draft.example);
  const set = (k: keyof Fields, v: string | undefined) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    const own = draftText !== textOf(draft.example);
    navigate(
      href('/scenarios', {
        example: draft.example,
        yaml: own ? draftText : undefined,
        hts: draft.hts?.trim(),
        country: draft.country?.trim(),
        date: draft.date?.trim(),
        value: draft.value?.trim(),
        from: draft.from?.trim(),
        to: draft.to?.trim(),
      }),
    );
  };
  const picked = list.find((x) => x.file === draft.example);

  return (
    <section aria-labelledby="scenarios-h">
      <h1 id="scenarios-h">Scenarios</h1>
      <p class="lead">
        What if the law had been different? A scenario ends, adds or re-rates measures from a date, for some countries,
        without touching the actual law; the entry is quoted under both.{' '}
        <Link href={href('/scenarios', EXAMPLE)}>Example: Japan without the 90-day pause, a cotton T-shirt</Link>
      </p>
      <form class="quote-form scenario-form" onSubmit={submit} aria-label="Scenario">
        <div class="field wide">
          <label for="example">Example scenario</label>
          <select
            id="example"
            value={draft.example ?? ''}
            aria-describedby="example-help"
            onChange={(e) => {
              const file = e.currentTarget.value || undefined;
              setDraft((d) => ({ ...d, example: file, yaml: file ? undefined : draftText }));
            }}
          >
            <option value="">(my own, written below)</option>
            {list.map((x) => (
              <option key={x.file} value={x.file}>
                {x.name} ({x.file})
              </option>
            ))}
          </select>
          <small id="example-help">
            {examples.error !== null
              ? 'The examples could not be loaded.'
              : picked?.description
                ? picked.description
                : 'Pick one of law/scenarios, then edit it if you like.'}
          </small>
        </div>
        <div class="field wide">
          <label for="yaml">Scenario (YAML)</label>
          <textarea
            id="yaml"
            rows={Math.min(18, Math.max(8, draftText.split('\n').length + 1))}
            spellcheck={false}
            value={draftText}
            aria-describedby="yaml-help"
            aria-invalid={invalid('yaml') || undefined}
            onInput={(e) => set('yaml', e.currentTarget.value)}
          />
          <small id="yaml-help">
            name, description and changes: <code>end</code>, <code>add</code> or <code>set</code> a measure from a date
            (see law/scenarios).{' '}
            {edited ? (
              <button type="button" class="link" onClick={() => set('yaml', undefined)}>
                Restore the example
              </button>
            ) : null}
          </small>
        </div>
        <HtsField value={draft.hts ?? ''} onInput={(v) => set('hts', v)} />
        <EntryFields
          names={['country', 'date', 'value']}
          values={draft}
          invalid={invalid}
          set={(k, v) => set(k as keyof Fields, v)}
        />
        <fieldset class="wide series-range" aria-describedby="range-help">
          <legend>Daily series (optional)</legend>
          {(['from', 'to'] as const).map((k) => (
            <Field
              key={k}
              id={k}
              label={k === 'from' ? 'From' : 'To'}
              type="date"
              min="2025-01-01"
              value={draft[k] ?? ''}
              invalid={invalid(k)}
              onInput={(v) => set(k, v)}
            />
          ))}
          <small id="range-help">
            Both dates: the mean additional rate over every line and country under both laws, day by day (at most 400
            days and 40 change dates; about a second per change date the first time).
          </small>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            Run
          </button>
        </div>
      </form>

      {unknownExample ? (
        <ErrorBox error={new Error(`there is no example scenario ${asked.example}`)} />
      ) : !ready ? (
        <p class="muted">Pick or write a scenario, enter an HTS code, a country and a date, then press Run.</p>
      ) : result.error !== null ? (
        <ErrorBox error={result.error}>
          {whereInScenario(field) ? <p>The error is in {whereInScenario(field)} of the scenario.</p> : null}
        </ErrorBox>
      ) : result.data && !result.loading ? (
        <RunView r={result.data} />
      ) : (
        <Loading>
          {withSeries
            ? `Quoting, and evaluating every line and country under both laws from ${asked.from} to ${asked.to}…`
            : 'Quoting under both laws…'}
        </Loading>
      )}
    </section>
  );
}

interface Row {
  authority: string;
  heading: string | null;
  base: number | null | undefined;
  alt: number | null | undefined;
}

/** The components of both quotes by authority and heading, in the order they first appear. */
function sideBySide(a: Quote, b: Quote): Row[] {
  const rows = new Map<string, Row>();
  const add = (q: Quote, side: 'base' | 'alt') => {
    for (const c of q.components ?? []) {
      const k = `${c.authority}|${c.heading ?? ''}`;
      const r = rows.get(k) ?? { authority: c.authority, heading: c.heading, base: undefined, alt: undefined };
      const prev = r[side];
      r[side] = prev === null || c.adValorem === null ? null : (prev ?? 0) + c.adValorem;
      rows.set(k, r);
    }
  };
  add(a, 'base');
  add(b, 'alt');
  return [...rows.values()];
}

const notQuoted = (q: Quote) =>
  q.kind === 'prohibited'
    ? `the goods may not be entered (${q.prohibition?.title ?? 'an import prohibition'})`
    : q.kind === 'conflict'
      ? `conflicting measures: ${q.reason}`
      : `no rate: ${q.reason}`;

function RunView({ r }: { r: ScenarioRun }) {
  const b = r.baseline;
  const a = r.alternative;
  const rows = sideBySide(b, a);
  const cell = (v: number | null | undefined) => (v === undefined ? '–' : pct(v));
  const diff = (x: Row) =>
    x.base === null || x.alt === null || (x.base === undefined && x.alt === undefined)
      ? '–'
      : pp((x.alt ?? 0) - (x.base ?? 0));
  const changed = (x: Row) => (x.alt ?? 0) !== (x.base ?? 0);
  return (
    <article class="result" aria-labelledby="run-h">
      <h2 id="run-h">{r.name}</h2>
      {r.description ? <p class="desc">{r.description}</p> : null}
      <p class="muted small">
        <Link href={href('/browse', { code: b.line.hts, date: String(b.input['date'] ?? '') })}>{b.line.hts}</Link>{' '}
        {b.line.description} · from {String(b.input['country'])} on {String(b.input['date'])} · HTS revision{' '}
        {b.revision}
        {b.input['value'] ? ` · value ${money(String(b.input['value']))}` : ''}
      </p>
      <div class="totals" aria-label="Totals">
        {[
          {
            id: 'baseline',
            big: b.kind === 'quote' ? pct(b.totalAdValorem) : '–',
            what: ACTUAL,
            duty: money(b.totalDuty),
          },
          {
            id: 'alternative',
            big: a.kind === 'quote' ? pct(a.totalAdValorem) : '–',
            what: SCENARIO,
            duty: money(a.totalDuty),
          },
          {
            id: 'difference',
            big: pp(r.difference.totalAdValorem),
            what: 'difference',
            duty: moneyDiff(r.difference.totalDuty),
            class: deltaClass(r.difference.totalAdValorem),
          },
        ].map((t) => (
          <div key={t.id}>
            <span class={`big ${t.class ?? ''}`} data-testid={`total-${t.id}`}>
              {t.big}
            </span>
            <span class="muted">
              {t.what}
              {t.duty !== '–' ? `: ${t.duty}` : ''}
            </span>
          </div>
        ))}
      </div>
      {b.kind !== 'quote' || a.kind !== 'quote' ? (
        <div class="error" role="alert">
          {b.kind !== 'quote' ? <p>Under the actual law, {notQuoted(b)}</p> : null}
          {a.kind !== 'quote' ? <p>Under the scenario, {notQuoted(a)}</p> : null}
        </div>
      ) : null}
      <div class="scroll">
        <table class="side-by-side">
          <caption>Components under the actual law and under the scenario (ad valorem)</caption>
          <thead>
            <tr>
              <th scope="col">Authority</th>
              <th scope="col">Heading</th>
              <th scope="col" class="num">
                {ACTUAL}
              </th>
              <th scope="col" class="num">
                {SCENARIO}
              </th>
              <th scope="col" class="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={`${x.authority}|${x.heading}`} class={changed(x) ? 'changed' : undefined}>
                <td>{authorityName(x.authority)}</td>
                <td class="code">{x.heading ?? '–'}</td>
                <td class="num">{cell(x.base)}</td>
                <td class="num">{cell(x.alt)}</td>
                <td class="num">{changed(x) ? <strong>{diff(x)}</strong> : diff(x)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td class="num">{pct(b.totalAdValorem)}</td>
              <td class="num">{pct(a.totalAdValorem)}</td>
              <td class="num">{pp(r.difference.totalAdValorem)}</td>
            </tr>
            {b.totalDuty || a.totalDuty ? (
              <tr>
                <th scope="row" colSpan={2}>
                  Duty
                </th>
                <td class="num">{money(b.totalDuty)}</td>
                <td class="num">{money(a.totalDuty)}</td>
                <td class="num">{moneyDiff(r.difference.totalDuty)}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </div>
      {a.notes.length ? (
        <>
          <h3>Notes under the scenario</h3>
          <ul class="notes">
            {a.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
      {r.series ? <SeriesView s={r.series} /> : null}
    </article>
  );
}

const deltaClass = (n: number | null) => (n === null || n === 0 ? '' : n > 0 ? 'up' : 'down');

function SeriesView({ s }: { s: NonNullable<ScenarioRun['series']> }) {
  const both: DayValue[] = s.rows.flatMap((r) => [
    { day: r.date, who: ACTUAL, v: r.baseline.mean_additional_pct },
    { day: r.date, who: SCENARIO, v: r.alternative.mean_additional_pct },
  ]);
  const weighted = s.rows.some((r) => r.difference.weighted_additional_pct !== null);
  const diffs: DayValue[] = s.rows.flatMap((r) => [
    { day: r.date, who: 'Mean additional', v: r.difference.mean_additional_pct },
    ...(r.difference.weighted_additional_pct === null
      ? []
      : [{ day: r.date, who: 'Import-weighted additional', v: r.difference.weighted_additional_pct }]),
  ]);
  const changes = new Set(s.evaluated);
  const table = s.rows.filter((r) => changes.has(r.date));
  return (
    <section class="series" aria-labelledby="scenario-series-h">
      <h3 id="scenario-series-h">
        Mean additional rate over all lines and countries, {s.from} to {s.to}
      </h3>
      <DayChart
        data={both}
        domain={[ACTUAL, SCENARIO]}
        dashed={[SCENARIO]}
        yLabel="mean additional rate (%)"
        label={`Step chart of the mean additional rate under the actual law and under the scenario, ${s.from} to ${s.to}; the values are in the table below`}
      />
      <h3>Scenario minus actual law (percentage points)</h3>
      <DayChart
        data={diffs}
        domain={weighted ? ['Mean additional', 'Import-weighted additional'] : ['Mean additional']}
        yLabel="difference (pp)"
        height={240}
        label="Step chart of the difference in the mean and import-weighted additional rates; the values are in the table below"
      />
      <p class="muted small">
        {s.evaluated.length} change dates evaluated. {s.weights ? `Weights: ${s.weights}.` : 'No import weights.'}
      </p>
      <details>
        <summary>Values on each change date as a table</summary>
        <div class="scroll">
          <table class="compact">
            <caption>Additional rate under both laws, on each change date</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {[
                  'Mean, actual',
                  'Mean, scenario',
                  'Difference',
                  'Weighted, actual',
                  'Weighted, scenario',
                  'Difference',
                ].map((h, k) => (
                  <th scope="col" class="num" key={k}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.map((r) => (
                <tr key={r.date}>
                  <td class="code">{r.date}</td>
                  {(['mean_additional_pct', 'weighted_additional_pct'] as const).map((k) => (
                    <Fragment key={k}>
                      <td class="num">{pct(r.baseline[k])}</td>
                      <td class="num">{pct(r.alternative[k])}</td>
                      <td class="num">{pp(r.difference[k])}</td>
                    </Fragment>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
