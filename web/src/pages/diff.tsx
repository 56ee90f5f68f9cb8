// Compare revisions (a view of Browse): what changed between two HTS revisions (GET /api/diff): lines and Chapter 99
// headings added, removed and re-rated, with links to the lines in the revision that has them.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type HeadingChange, type ListedLine, type RevisionDiff, type RevisionInfo } from '../api';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { ErrorBox, Link, Loading } from '../ui';
import { BrowseTabs } from './browse';

const SHOWN = 100;
const EXAMPLE = { from: '2025_rev_8', to: '2025_rev_9' };

/** "The duty provided in the applicable subheading + 25%" → "+25%" (the full text stays in the title). */
function shortRate(text: string): string {
  const m = /^the duty provided in the applicable subheading\s*\+\s*(.+)$/i.exec(text.trim());
  return m ? `+${m[1]}` : text;
}

function Rate({ text }: { text: string }) {
  const short = shortRate(text);
  return short === text ? <>{text || '–'}</> : <span title={text}>{short}</span>;
}

export function DiffPage({ query }: { query: URLSearchParams }) {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const revisions = useAsync('revisions', (signal) => api.revisions(signal));
  const list = revisions.data?.revisions ?? [];
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  // Before a choice: the latest revision against the one before it.
  useEffect(() => {
    if (list.length < 2) return;
    setDraft((d) => ({
      from: d.from || list[list.length - 2]!.id,
      to: d.to || list[list.length - 1]!.id,
    }));
  }, [list.length]);
  const ready = Boolean(from && to);
  const diff = useAsync(ready ? `${from} ${to}` : null, (signal) => api.diff(from, to, signal));
  const invalid = diff.error instanceof ApiError ? diff.error.info.field : undefined;
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(href('/diff', draft));
  };
  const picker = (k: 'from' | 'to', label: string) => (
    <div class="field">
      <label for={`rev-${k}`}>{label}</label>
      <select
        id={`rev-${k}`}
        value={draft[k]}
        aria-invalid={invalid === k ? true : undefined}
        onChange={(e) => setDraft((d) => ({ ...d, [k]: e.currentTarget.value }))}
      >
        {draft[k] && !list.some((r) => r.id === draft[k]) ? <option value={draft[k]}>{draft[k]}</option> : null}
        {list.map((r) => (
          <option key={r.id} value={r.id}>
            {revisionLabel(r)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="diff-h">
      <h1 id="diff-h">Compare revisions</h1>
      <BrowseTabs current="diff" />
      <p class="lead">
        What changed in the schedule between two revisions: lines added, removed and re-rated, and the Chapter 99
        headings that carry the additional duties.{' '}
        <Link href={href('/diff', EXAMPLE)}>Example: 2025_rev_8 to 2025_rev_9 (China 84% to 125%)</Link>
      </p>
      <form class="quote-form diff-form" onSubmit={submit} aria-label="Compare revisions">
        {picker('from', 'From revision')}
        {picker('to', 'To revision')}
        <div class="actions">
          <button type="submit" class="primary" disabled={!draft.from || !draft.to}>
            Compare
          </button>
          <button type="button" onClick={() => setDraft((d) => ({ from: d.to, to: d.from }))}>
            Swap
          </button>
          {revisions.error !== null ? <span class="muted">The list of revisions could not be loaded.</span> : null}
        </div>
      </form>

      {!ready ? (
        <p class="muted">Pick two revisions, then press Compare.</p>
      ) : diff.error !== null ? (
        <ErrorBox error={diff.error} />
      ) : diff.data && !diff.loading ? (
        <DiffView d={diff.data} />
      ) : (
        <Loading>
          Comparing {from} and {to}…
        </Loading>
      )}
    </section>
  );
}

const revisionLabel = (r: RevisionInfo) => `${r.id} (effective ${r.effective})`;

function DiffView({ d }: { d: RevisionDiff }) {
  const c = d.chapter99;
  const l = d.lines;
  const older = d.from.revision;
  const newer = d.to.revision;
  const link = (hts: string, revision: string) => (
    <Link href={href('/browse', { code: hts, revision })}>
      <span class="code">{hts}</span>
    </Link>
  );
  const nothing = c.added.length + c.removed.length + c.rerated.length + c.reworded.length === 0;
  const noLines = l.added.length + l.removed.length + l.rerated.length === 0;
  return (
    <article class="result" aria-labelledby="diff-result-h">
      <h2 id="diff-result-h">
        {older} → {newer}
      </h2>
      <p class="muted small">
        {older}: published {d.from.published}, effective {d.from.effective} · {newer}: published {d.to.published},
        effective {d.to.effective}
        {d.from.effective > d.to.effective
          ? ' · the “from” revision is the newer one: added and removed are swapped'
          : ''}
      </p>
      <div class="diff-counts" data-testid="diff-counts">
        <div>
          <p class="stats-title">Chapter 99 headings</p>
          <dl class="stats">
            <Stat name="Added" n={c.added.length} />
            <Stat name="Removed" n={c.removed.length} />
            <Stat name="Re-rated" n={c.rerated.length} />
            <Stat name="Re-worded" n={c.reworded.length} />
          </dl>
        </div>
        <div>
          <p class="stats-title">Lines</p>
          <dl class="stats">
            <Stat name="Added" n={l.added.length} />
            <Stat name="Removed" n={l.removed.length} />
            <Stat name="Re-rated" n={l.rerated.length} />
            <Stat name="Re-described" n={l.described} />
          </dl>
        </div>
      </div>

      <h3>Chapter 99 headings</h3>
      {nothing ? <p class="muted">No Chapter 99 heading changed.</p> : null}
      <ChangeTable
        title="Re-rated headings"
        testid="ch99-rerated"
        items={c.rerated.map(headingRates)}
        older={older}
        newer={newer}
        link={link}
      />
      <LineTable title="Headings added" lines={c.added} revision={newer} link={link} />
      <LineTable title="Headings removed" lines={c.removed} revision={older} link={link} />
      <Listed title="Re-worded headings (scope text)" count={c.reworded.length}>
        {(n) => (
          <ul class="inline-list">
            {c.reworded.slice(0, n).map((h) => (
              <li key={h.hts}>{link(h.hts, newer)}</li>
            ))}
          </ul>
        )}
      </Listed>

      <h3>Lines (HTS-10)</h3>
      {noLines ? <p class="muted">No line was added, removed or re-rated.</p> : null}
      <ChangeTable
        title="Re-rated lines"
        testid="lines-rerated"
        items={l.rerated}
        older={older}
        newer={newer}
        link={link}
      />
      <LineTable title="Lines added" lines={l.added} revision={newer} link={link} />
      <LineTable title="Lines removed" lines={l.removed} revision={older} link={link} />
    </article>
  );
}

const COLUMN: Record<string, string> = { general: 'general', special: 'special', other: 'column 2' };

interface RateChanges {
  hts: string;
  description: string;
  changes: { field: string; from: string; to: string }[];
}

/** A heading's re-rating as a line's: the general column, else the special one. */
const headingRates = (h: HeadingChange): RateChanges => ({
  hts: h.hts,
  description: h.description,
  changes: h.general ? [{ field: 'general', ...h.general }] : h.special ? [{ field: 'special', ...h.special }] : [],
});

type LinkTo = (hts: string, revision: string) => ComponentChildren;

/** Codes re-rated: one row per column that changed, the rate before and after. */
function ChangeTable(props: {
  title: string;
  testid: string;
  items: RateChanges[];
  older: string;
  newer: string;
  link: LinkTo;
}) {
  return (
    <Listed title={props.title} count={props.items.length}>
      {(n) => (
        <table class="compact diff" data-testid={props.testid}>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Column</th>
              <th scope="col">{props.older}</th>
              <th scope="col">{props.newer}</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {props.items.slice(0, n).flatMap((r) =>
              r.changes.map((ch, i) => (
                <tr key={`${r.hts} ${ch.field}`}>
                  <td>{i === 0 ? props.link(r.hts, props.newer) : null}</td>
                  <td>{COLUMN[ch.field] ?? ch.field}</td>
                  <td class="rate-from">
                    <Rate text={ch.from} />
                  </td>
                  <td class="rate-to">
                    <Rate text={ch.to} />
                  </td>
                  <td class="desc-cell">{i === 0 ? <Description text={r.description} /> : null}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </Listed>
  );
}

function Stat({ name, n }: { name: string; n: number }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{n.toLocaleString('en-US')}</dd>
    </div>
  );
}

/** A long description, cut to its first 160 characters with the rest behind a disclosure. */
function Description({ text }: { text: string }) {
  if (text.length <= 160) return <>{text}</>;
  return (
    <details class="long">
      <summary>{text.slice(0, 150).replace(/\s+\S*$/, '')}…</summary>
      {text}
    </details>
  );
}

/** A titled list that shows its first rows, and all of them on demand. */
function Listed({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: (shown: number) => ComponentChildren;
}) {
  const [all, setAll] = useState(false);
  if (count === 0) return null;
  const shown = all ? count : Math.min(count, SHOWN);
  return (
    <section class="diff-part">
      <h4>
        {title} <span class="muted">({count.toLocaleString('en-US')})</span>
      </h4>
      <div class="scroll">{children(shown)}</div>
      {count > shown ? (
        <button type="button" onClick={() => setAll(true)}>
          Show all {count.toLocaleString('en-US')}
        </button>
      ) : null}
    </section>
  );
}

function LineTable(props: { title: string; lines: ListedLine[]; revision: string; link: LinkTo }) {
  return (
    <Listed title={props.title} count={props.lines.length}>
      {(n) => (
        <table class="compact diff">
          <caption>
            {props.title} (in {props.revision})
          </caption>
          <thead>
            <tr>
              <th scope="col">HTS</th>
              <th scope="col">General rate</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.slice(0, n).map((x) => (
              <tr key={x.hts}>
                <td>{props.link(x.hts, props.revision)}</td>
                <td>
                  <Rate text={x.general} />
                </td>
                <td class="desc-cell">
                  <Description text={x.description} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Listed>
  );
}
