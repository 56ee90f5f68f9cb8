// Browse: one line (or heading) of the HTS: its path, rates, Chapter 99 references and the lines under it (in the
// revision in force on a date, or a named revision); a search box over the descriptions. Compare revisions is the
// other view of Browse (pages/diff.tsx).
import { useEffect, useState } from 'preact/hooks';
import { api, type HtsLine } from '../api';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { ErrorBox, Link, Loading, Tabs } from '../ui';

/** The two views of Browse. */
export function BrowseTabs({ current }: { current: 'lines' | 'diff' }) {
  return (
    <Tabs
      label="Browse views"
      items={[
        { href: '/browse', name: 'Lines', current: current === 'lines' },
        { href: '/diff', name: 'Compare revisions', current: current === 'diff' },
      ]}
    />
  );
}

export function BrowsePage({ query }: { query: URLSearchParams }) {
  const code = query.get('code') ?? '';
  const date = query.get('date') ?? '';
  const revision = query.get('revision') ?? '';
  const q = query.get('q') ?? '';
  const [draftCode, setDraftCode] = useState(code);
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => setDraftCode(code), [code]);
  useEffect(() => setDraftQ(q), [q]);
  const line = useAsync(code ? `${code}|${date}|${revision}` : null, (signal) =>
    api.hts(code, { date: date || undefined, revision: revision || undefined }, signal),
  );
  const found = useAsync(q ? `${q}|${date}` : null, (signal) => api.search(q, 25, signal));

  return (
    <section aria-labelledby="browse-h">
      <h1 id="browse-h">Browse the schedule</h1>
      <BrowseTabs current="lines" />
      <div class="browse-forms">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(href('/browse', { code, date, revision, q: draftQ.trim() }));
          }}
        >
          <label for="browse-q">Search descriptions</label>
          <div class="inline">
            <input
              id="browse-q"
              type="search"
              value={draftQ}
              placeholder="cotton t-shirts"
              onInput={(e) => setDraftQ(e.currentTarget.value)}
            />
            <button type="submit">Search</button>
          </div>
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate(href('/browse', { code: draftCode.trim(), date, revision, q }));
          }}
        >
          <label for="browse-code">Open an HTS code</label>
          <div class="inline">
            <input
              id="browse-code"
              type="text"
              value={draftCode}
              placeholder="6109 or 6109.10.0012"
              onInput={(e) => setDraftCode(e.currentTarget.value)}
            />
            <button type="submit">Open</button>
          </div>
        </form>
      </div>

      {q ? (
        <section class="hits" aria-labelledby="hits-h">
          <h2 id="hits-h">Search: “{q}”</h2>
          {found.error !== null ? (
            <ErrorBox error={found.error} />
          ) : found.data ? (
            found.data.hits.length ? (
              <>
                <p class="muted small">
                  {found.data.total} matches in revision {found.data.revision}
                  {found.data.total > found.data.hits.length ? `, the first ${found.data.hits.length} shown` : ''}
                </p>
                <ul class="hit-list">
                  {found.data.hits.map((h) => (
                    <li key={h.hts}>
                      <Link href={href('/browse', { code: h.hts, date, revision, q })}>
                        <span class="code">{h.hts}</span>
                      </Link>{' '}
                      {h.path.join(' › ')} <span class="muted">({h.general})</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No line matches “{q}”.</p>
            )
          ) : (
            <Loading>Searching…</Loading>
          )}
        </section>
      ) : null}

      {code ? (
        line.error !== null ? (
          <ErrorBox error={line.error} />
        ) : line.data ? (
          <LineView l={line.data} date={date} revision={revision} q={q} />
        ) : (
          <Loading>Loading {code}…</Loading>
        )
      ) : !q ? (
        <p class="muted">
          Search the descriptions, or open a code, e.g. <Link href="/browse?code=6109">6109</Link> or{' '}
          <Link href="/browse?code=6109.10.0012">6109.10.0012</Link>.
        </p>
      ) : null}
    </section>
  );
}

function LineView({ l, date, revision, q }: { l: HtsLine; date: string; revision: string; q: string }) {
  const codes = l.pathCodes ?? [];
  return (
    <article class="result" aria-labelledby="line-h">
      <nav aria-label="Path in the schedule">
        <ol class="path">
          {l.path.map((p, i) => {
            const c = codes[i];
            return (
              <li key={i}>
                {c && c !== l.hts ? (
                  <Link href={href('/browse', { code: c, date, revision, q })}>
                    <span class="code">{c}</span> {p}
                  </Link>
                ) : (
                  <>
                    {c ? <span class="code">{c} </span> : null}
                    {p}
                  </>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      <h2 id="line-h">
        <span class="code">{l.hts}</span> {l.description}
      </h2>
      <p class="muted small">
        Revision {l.revision}
        {l.revisionDates ? ` (effective ${l.revisionDates.effective})` : ''}
        {l.units.length ? ` · units ${l.units.join(', ')}` : ''}
        {l.rateSource && l.rateSource !== l.hts ? ` · rates of ${l.rateSource}` : ''}
      </p>
      {l.isLine ? (
        <p>
          <Link href={href('/', { hts: l.hts, country: 'CN', date: date || '2025-04-10', value: '1000' })}>
            Quote this line
          </Link>
        </p>
      ) : null}
      {l.general || l.special?.length || l.other ? (
        <dl class="rates">
          <dt>General (column 1)</dt>
          <dd>{l.general?.text || '–'}</dd>
          <dt>Special</dt>
          <dd>
            {l.special?.length
              ? l.special.map((s, i) => (
                  <div key={i}>
                    {s.text}
                    {s.programs?.length ? <span class="muted"> ({s.programs.join(', ')})</span> : null}
                  </div>
                ))
              : '–'}
          </dd>
          <dt>Column 2</dt>
          <dd>{l.other?.text || '–'}</dd>
        </dl>
      ) : null}
      <h3>Chapter 99 references</h3>
      {l.chapter99.length ? (
        <ul class="inline-list">
          {l.chapter99.map((h) => (
            <li key={h}>
              <Link href={href('/browse', { code: h, date, revision, q })}>
                <span class="code">{h}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None in the footnotes of this line.</p>
      )}
      {l.footnotes?.length ? (
        <>
          <h3>Footnotes</h3>
          <ul>
            {l.footnotes.map((f, i) => (
              <li key={i}>
                {f.value}
                {f.columns?.length ? <span class="muted"> ({f.columns.join(', ')})</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {l.changes.length ? (
        <>
          <h3>Changes across revisions</h3>
          <ul>
            {l.changes.map((c, i) => (
              <li key={i}>
                <span class="code">{c.revision}</span> {c.field}: {c.from ?? '–'} → {c.to ?? '–'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {l.lines?.length ? (
        <>
          <h3>Lines under {l.hts}</h3>
          <div class="scroll">
            <table class="compact">
              <caption>{l.lines.length} lines</caption>
              <thead>
                <tr>
                  <th scope="col">HTS</th>
                  <th scope="col">Description</th>
                  <th scope="col">General</th>
                  <th scope="col">Units</th>
                </tr>
              </thead>
              <tbody>
                {l.lines.map((c) => (
                  <tr key={c.hts}>
                    <td>
                      <Link href={href('/browse', { code: c.hts, date, revision, q })}>
                        <span class="code">{c.hts}</span>
                      </Link>
                    </td>
                    <td>{c.description}</td>
                    <td>{c.general ?? '–'}</td>
                    <td>{c.units?.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {l.notes?.length ? (
        <ul class="notes">
          {l.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
