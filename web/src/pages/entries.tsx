// Entries: a CSV of entry lines (uploaded or pasted) → POST /api/entries → counts, totals, per-entry fees and
// refunds, the lines, and a download of the lines as CSV.
import { useEffect, useRef, useState } from 'preact/hooks';
import sample from '../../../examples/entries.csv?raw';
import { api, type EntriesAnswer } from '../api';
import { authorityName, ErrorBox, money } from '../ui';

const MONEY_COLUMNS = new Set([
  'value',
  'mfn',
  's232',
  's301',
  's338',
  's201',
  's122',
  'ieepa_fentanyl',
  'ieepa_reciprocal',
  'ieepa_other',
  'other',
  'duty',
  'duty_legal',
  'ieepa_paid',
  'retro_refund',
]);

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function linesCsv(lines: Record<string, string>[]): string {
  const cols = lines.length ? Object.keys(lines[0]!) : [];
  return [cols.join(','), ...lines.map((l) => cols.map((c) => csvCell(l[c] ?? '')).join(','))].join('\n') + '\n';
}

export function EntriesPage() {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [started, setStarted] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<EntriesAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setElapsed(Date.now() - started), 200);
    return () => clearInterval(t);
  }, [running, started]);
  useEffect(() => () => abort.current?.abort(), []);

  const lineCount = Math.max(0, csv.split(/\r?\n/).filter((l) => l.trim()).length - 1);

  const run = async (text: string) => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setStarted(Date.now());
    setElapsed(0);
    setError(null);
    setResult(null);
    try {
      const r = await api.entries(text, ac.signal);
      if (!ac.signal.aborted) setResult(r);
    } catch (e) {
      if (!ac.signal.aborted) setError(e);
    } finally {
      if (abort.current === ac) setRunning(false);
    }
  };

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    const text = await f.text();
    setCsv(text);
    setFileName(f.name);
    void run(text);
  };

  return (
    <section aria-labelledby="entries-h">
      <h1 id="entries-h">Entries</h1>
      <p class="lead">
        Duty per line and authority, MPF and HMF per entry, IEEPA duty paid and refunds. Columns:{' '}
        <code>entry,line,date,hts,country,value</code> and optionally{' '}
        <code>quantity,program,loaded,content,claim,transport</code>.
      </p>
      <form
        class="entries-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(csv);
        }}
      >
        <div class="field">
          <label for="entries-file">Upload a CSV file</label>
          <input id="entries-file" type="file" accept=".csv,text/csv" onChange={onFile} />
        </div>
        <div class="field">
          <label for="entries-csv">…or paste the CSV</label>
          <textarea
            id="entries-csv"
            rows={8}
            spellcheck={false}
            value={csv}
            placeholder="entry,line,date,hts,country,value"
            onInput={(e) => {
              setCsv(e.currentTarget.value);
              setFileName(null);
            }}
          />
          <small>
            {fileName ? `${fileName}: ` : ''}
            {lineCount} line{lineCount === 1 ? '' : 's'}
          </small>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={running || !csv.trim()}>
            Compute
          </button>
          <button
            type="button"
            onClick={() => {
              setCsv(sample);
              setFileName('examples/entries.csv');
            }}
          >
            Load the sample
          </button>
          {running ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>

      {running ? (
        <div class="progress" role="status" aria-live="polite">
          <progress aria-label="Computing the entries" />
          <span>
            Computing {lineCount} line{lineCount === 1 ? '' : 's'}… {(elapsed / 1000).toFixed(1)} s
          </span>
        </div>
      ) : null}
      {error !== null ? <ErrorBox error={error} /> : null}
      {result ? <EntriesView r={result} /> : null}
    </section>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function EntriesView({ r }: { r: EntriesAnswer }) {
  const t = r.totals as Record<string, unknown>;
  const str = (k: string) => (typeof t[k] === 'string' ? (t[k] as string) : null);
  const byAuthority = (t['byAuthority'] ?? {}) as Record<string, string>;
  const cols = r.lines.length ? Object.keys(r.lines[0]!) : [];
  return (
    <article class="result" aria-labelledby="summary-h">
      <h2 id="summary-h">Summary</h2>
      <dl class="stats" data-testid="counts">
        <div>
          <dt>Lines</dt>
          <dd>{r.counts.lines}</dd>
        </div>
        <div>
          <dt>Computed</dt>
          <dd>{r.counts.ok}</dd>
        </div>
        <div class={r.counts.errors ? 'bad' : undefined}>
          <dt>Errors</dt>
          <dd>{r.counts.errors}</dd>
        </div>
        <div>
          <dt>Entries</dt>
          <dd>{r.totals.entries}</dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd>{money(str('value'))}</dd>
        </div>
        <div>
          <dt>Duty</dt>
          <dd data-testid="total-duty">{money(str('duty'))}</dd>
        </div>
        <div>
          <dt>MPF</dt>
          <dd>{money(str('mpf'))}</dd>
        </div>
        <div>
          <dt>HMF</dt>
          <dd>{money(str('hmf'))}</dd>
        </div>
        <div>
          <dt>IEEPA paid</dt>
          <dd>{money(str('ieepaPaid'))}</dd>
        </div>
        <div>
          <dt>Refund</dt>
          <dd data-testid="total-refund">{money(str('refund'))}</dd>
        </div>
      </dl>
      {Object.keys(byAuthority).length ? (
        <p class="small">
          <span class="muted">Duty by authority:</span>{' '}
          {Object.entries(byAuthority)
            .map(([a, v]) => `${authorityName(a)} ${money(v)}`)
            .join(' · ')}
        </p>
      ) : null}

      <h3>Per entry</h3>
      <div class="scroll">
        <table class="compact">
          <caption>Fees and refunds per entry</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Date</th>
              <th scope="col" class="num">
                Lines
              </th>
              <th scope="col" class="num">
                Errors
              </th>
              <th scope="col" class="num">
                Value
              </th>
              <th scope="col" class="num">
                Duty
              </th>
              <th scope="col" class="num">
                MPF
              </th>
              <th scope="col" class="num">
                HMF
              </th>
              <th scope="col" class="num">
                IEEPA paid
              </th>
              <th scope="col" class="num">
                Refund
              </th>
            </tr>
          </thead>
          <tbody>
            {r.entries.map((e) => (
              <tr key={e.entry}>
                <td class="code">{e.entry}</td>
                <td class="code">{e.date ?? ''}</td>
                <td class="num">{e.lines}</td>
                <td class={`num${e.errors ? ' bad' : ''}`}>{e.errors ?? 0}</td>
                <td class="num">{money(e.value)}</td>
                <td class="num">{money(e.duty)}</td>
                <td class="num">{money(e.mpf)}</td>
                <td class="num">{money(e.hmf)}</td>
                <td class="num">{money(e.ieepaPaid)}</td>
                <td class="num">{money(e.refund)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {r.lines.some((l) => l['error']) ? (
        <>
          <h3>Lines with errors</h3>
          <ul class="line-errors" data-testid="line-errors">
            {r.lines
              .filter((l) => l['error'])
              .map((l, i) => (
                <li key={i}>
                  <span class="code">
                    {l['entry']} line {l['line']}
                  </span>{' '}
                  ({l['hts']}, {l['country']}): {l['error']}
                </li>
              ))}
          </ul>
        </>
      ) : null}

      <div class="row">
        <h3>Lines</h3>
        <button type="button" onClick={() => download('entry-lines.csv', linesCsv(r.lines))}>
          Download the lines (CSV)
        </button>
      </div>
      <div class="scroll">
        <table class="compact lines">
          <caption>{r.lines.length} lines; amounts in dollars</caption>
          <thead>
            <tr>
              {cols.map((c) => (
                <th scope="col" key={c} class={MONEY_COLUMNS.has(c) ? 'num' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l, i) => (
              <tr key={i} class={l['error'] ? 'bad' : undefined}>
                {cols.map((c) => (
                  <td key={c} class={MONEY_COLUMNS.has(c) ? 'num' : undefined}>
                    {l[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.notes.length ? (
        <ul class="notes">
          {r.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
