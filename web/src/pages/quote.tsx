// Quote: one entry line, component by component, with the measures that did not apply and a 2025-2026 timeline.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, QUOTE_FIELDS, type Quote, type QuoteFields, type TraceStep } from '../api';
import { useAsync } from '../hooks';
import { HtsField } from '../hts-input';
import { href, navigate } from '../router';
import { authorityName, ErrorBox, Field, Link, Loading, money, pct } from '../ui';
import { Timeline } from '../timeline';

type Field = (typeof QUOTE_FIELDS)[number];

const FIELDS: { name: Exclude<Field, 'hts' | 'mode'>; label: string; help: string; type?: 'text' | 'date' }[] = [
  { name: 'country', label: 'Country of origin', help: 'ISO code or name: CN, DE, Japan' },
  { name: 'date', label: 'Date of entry', help: 'from 2025-01-01', type: 'date' },
  { name: 'value', label: 'Customs value (USD)', help: 'e.g. 1000 or $1,000.00' },
  { name: 'quantity', label: 'Quantity', help: 'in the unit of a specific rate, e.g. 1000' },
  { name: 'program', label: 'Special program', help: 'e.g. S (USMCA), AU, KR' },
  { name: 'loaded', label: 'Loaded for export on', help: 'optional: for the in-transit rules', type: 'date' },
  {
    name: 'imported',
    label: 'Imported (arrived) on',
    help: 'optional: if before the date of entry (import prohibitions)',
    type: 'date',
  },
  { name: 'quota', label: 'Tariff-rate quota', help: 'in or over (the default): the quota tier of the entry' },
  { name: 'content', label: 'Metal content shares', help: 'steel=0.4;aluminum=0.1;copper=1' },
  { name: 'claim', label: 'Exemptions claimed', help: 'e.g. donation, us-melted-steel' },
];

type EntryField = (typeof FIELDS)[number]['name'];

/** The entry fields of FIELDS named (in that order), as on the quote form. */
export function EntryFields(props: {
  names: EntryField[];
  values: QuoteFields;
  invalid: (name: string) => boolean;
  set: (k: EntryField, v: string) => void;
}) {
  return (
    <>
      {FIELDS.filter((f) => props.names.includes(f.name)).map((f) => (
        <Field
          key={f.name}
          id={f.name}
          label={f.label}
          help={f.help}
          type={f.type ?? 'text'}
          required={f.name === 'country' || f.name === 'date'}
          value={props.values[f.name] ?? ''}
          invalid={props.invalid(f.name)}
          onInput={(v) => props.set(f.name, v)}
        />
      ))}
    </>
  );
}

const EXAMPLE = { hts: '6109.10.0012', country: 'CN', date: '2025-04-10', value: '1000' };

function fieldsOf(query: URLSearchParams): QuoteFields {
  const f: QuoteFields = {};
  for (const k of QUOTE_FIELDS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function QuotePage({ query }: { query: URLSearchParams }) {
  const asked = fieldsOf(query);
  const key = JSON.stringify(asked);
  const [draft, setDraft] = useState<QuoteFields>(asked);
  // Back and forward (or a link) change the URL: the form follows it.
  useEffect(() => setDraft(asked), [key]);
  const ready = Boolean(asked.hts && asked.country && asked.date);
  const result = useAsync(ready ? key : null, (signal) => api.quote(asked, signal));

  // The field the API named in its error is marked invalid.
  const invalid = result.error instanceof ApiError ? result.error.info.field : undefined;
  const set = (k: Field, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v?.trim()]));
    navigate(href('/', trimmed));
  };

  return (
    <section aria-labelledby="quote-h">
      <h1 id="quote-h">Quote an entry line</h1>
      <p class="lead">
        The duty on one line of an entry: the HTS rate and every Chapter 99 measure on top of it, on the date of entry.{' '}
        <Link href={href('/', EXAMPLE)}>Example: a cotton T-shirt from China on 2025-04-10</Link>
      </p>
      <form class="quote-form" onSubmit={submit} aria-label="Quote">
        <HtsField value={draft.hts ?? ''} onInput={(v) => set('hts', v)} />
        <EntryFields names={FIELDS.map((f) => f.name)} values={draft} invalid={(n) => invalid === n} set={set} />
        <div class="field">
          <label for="mode">Mode</label>
          <select
            id="mode"
            name="mode"
            value={draft.mode ?? 'legal'}
            aria-describedby="mode-help"
            onChange={(e) => set('mode', e.currentTarget.value)}
          >
            <option value="legal">legal</option>
            <option value="as-published">as published</option>
          </select>
          <small id="mode-help">the law as amended, or the HTS as printed that day</small>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Quote
          </button>
        </div>
      </form>

      {!ready ? (
        <p class="muted">Enter an HTS code, a country and a date, then press Quote.</p>
      ) : result.error !== null ? (
        <ErrorBox error={result.error} />
      ) : result.data ? (
        <>
          {result.loading ? <Loading>Updating…</Loading> : null}
          <QuoteView q={result.data}>
            <Timeline fields={asked} />
          </QuoteView>
        </>
      ) : (
        <Loading>Quoting…</Loading>
      )}
    </section>
  );
}

function QuoteView({ q, children }: { q: Quote; children?: ComponentChildren }) {
  const comps = q.components ?? [];
  const notApplied = (q.trace ?? []).filter((t) => !t.applied);
  const considered = notApplied.filter((t) => t.reason !== 'product' && t.reason !== 'origin');
  const outOfScope = notApplied.filter((t) => t.reason === 'product' || t.reason === 'origin');
  return (
    <article class="result" aria-labelledby="result-h">
      <h2 id="result-h">
        <Link href={href('/browse', { code: q.line.hts, date: String(q.input['date'] ?? '') })}>{q.line.hts}</Link>{' '}
        <span class="muted">from {String(q.input['country'])}</span> on {String(q.input['date'])}
      </h2>
      <p class="desc">{q.line.description}</p>
      <p class="muted small">
        HTS revision {q.revision} · mode {String(q.input['mode'] ?? 'legal')}
        {q.input['value'] ? ` · value ${money(String(q.input['value']))}` : ''}
      </p>
      {q.kind === 'prohibited' && q.prohibition ? (
        <div class="error" role="alert" data-testid="prohibited">
          <p>
            <strong>Prohibited:</strong> these goods may not be entered. {q.prohibition.title}, for goods imported on or
            after {q.prohibition.from} ({authorityName(q.prohibition.authority)}
            {q.prohibition.heading ? `, ${q.prohibition.heading}` : ''}).
          </p>
          <p class="source">
            {q.prohibition.url ? (
              <a href={q.prohibition.url} target="_blank" rel="noopener noreferrer">
                {q.prohibition.citation}
              </a>
            ) : (
              q.prohibition.citation
            )}
          </p>
        </div>
      ) : q.kind !== 'quote' ? (
        <div class="error" role="alert">
          <p>
            <strong>{q.kind === 'conflict' ? 'Conflicting measures' : 'No rate'}:</strong> {q.reason}
          </p>
        </div>
      ) : (
        <>
          <div class="totals" aria-label="Totals">
            <div>
              <span class="big" data-testid="total-rate">
                {pct(q.totalAdValorem)}
              </span>
              <span class="muted">total rate</span>
            </div>
            <div>
              <span class="big" data-testid="total-duty">
                {q.totalDuty ? money(q.totalDuty) : '–'}
              </span>
              <span class="muted">{q.totalDuty ? 'total duty' : 'duty (give a value)'}</span>
            </div>
          </div>
          <div class="scroll">
            <table class="components">
              <caption>Components, in the order CBP requires them on the entry line</caption>
              <thead>
                <tr>
                  <th scope="col">Authority</th>
                  <th scope="col">Heading</th>
                  <th scope="col">Rate</th>
                  <th scope="col" class="num">
                    Ad valorem
                  </th>
                  <th scope="col" class="num">
                    Duty
                  </th>
                  <th scope="col">Legal source</th>
                </tr>
              </thead>
              <tbody>
                {comps.map((c, i) => (
                  <tr key={i}>
                    <td>{authorityName(c.authority)}</td>
                    <td class="code">{c.heading ?? '–'}</td>
                    <td>{c.rateText}</td>
                    <td class="num">{pct(c.adValorem)}</td>
                    <td class="num">{money(c.duty)}</td>
                    <td class="source">
                      {c.title ? <div>{c.title}</div> : null}
                      {c.url ? (
                        <a href={c.url} target="_blank" rel="noopener noreferrer">
                          {c.citation}
                        </a>
                      ) : (
                        <span class="muted">{c.citation}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Total
                  </th>
                  <td class="num">{pct(q.totalAdValorem)}</td>
                  <td class="num">{money(q.totalDuty)}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      {children}
      {q.notes.length ? (
        <>
          <h3>Notes</h3>
          <ul class="notes">
            {q.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
      {notApplied.length ? (
        <>
          <h3>Measures that did not apply</h3>
          {considered.length ? (
            <TraceTable steps={considered} caption="Measures that could reach this line but did not apply, and why" />
          ) : (
            <p class="muted">Every other measure is out of scope for this product or origin.</p>
          )}
          {outOfScope.length ? (
            <details>
              <summary>{outOfScope.length} more out of scope for this product or country of origin</summary>
              <TraceTable steps={outOfScope} caption="Out of scope" />
            </details>
          ) : null}
        </>
      ) : null}
    </article>
  );
}

const REASONS: Record<string, string> = {
  'not-in-force': 'not in force on this date',
  'not-yet-published': 'not yet published',
  origin: 'other country of origin',
  product: 'product not covered',
  'in-transit': 'in-transit rule',
  program: 'special program',
  'mfn-level': 'MFN level',
  'not-subject': 'not subject',
  'us-content': 'US content',
  superseded: 'superseded',
  precedence: 'another measure takes precedence',
  claim: 'claim',
};

function TraceTable({ steps, caption }: { steps: TraceStep[]; caption: string }) {
  return (
    <div class="scroll">
      <table class="trace">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Heading</th>
            <th scope="col">Authority</th>
            <th scope="col">Reason</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((t, i) => (
            <tr key={i}>
              <td class="code">{t.heading}</td>
              <td class="nowrap">{authorityName(t.authority)}</td>
              <td class="reason">{t.reason ? (REASONS[t.reason] ?? t.reason) : ''}</td>
              <td>{t.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
