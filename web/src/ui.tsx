// Shared pieces: links, the error box, the loading line, number formats and the names of authorities.
import type { ComponentChildren } from 'preact';
import { ApiError } from './api';
import { onLinkClick } from './router';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) {
  return (
    <a href={props.href} class={props.class} aria-current={props['aria-current']} onClick={onLinkClick}>
      {props.children}
    </a>
  );
}

/** The views of one page, as links (the current one marked): e.g. Browse's lines and revision comparison. */
export function Tabs({ label, items }: { label: string; items: { href: string; name: string; current: boolean }[] }) {
  return (
    <nav class="tabs" aria-label={label}>
      {items.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.current ? 'page' : undefined}>
          {t.name}
        </Link>
      ))}
    </nav>
  );
}

/** A labelled input with its help line; `invalid` marks it when the API named it in an error. */
export function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  help?: string;
  type?: 'text' | 'date';
  required?: boolean;
  invalid?: boolean;
  min?: string;
  maxLength?: number;
}) {
  const help = props.help ? `${props.id}-help` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={(props.type ?? 'text') as 'text'}
        required={props.required}
        min={props.min}
        maxLength={props.maxLength}
        value={props.value}
        aria-describedby={help}
        aria-invalid={props.invalid ? true : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.help ? <small id={help}>{props.help}</small> : null}
    </div>
  );
}

export function ErrorBox({ error, children }: { error: unknown; children?: ComponentChildren }) {
  const info =
    error instanceof ApiError
      ? error.info
      : ({ message: error instanceof Error ? error.message : String(error) } as ApiError['info']);
  return (
    <div class="error" role="alert">
      <p>
        <strong>Error{info.field ? ` in ${info.field}` : ''}:</strong> {info.message}
      </p>
      {info.accepted ? (
        <p>
          <span class="muted">Accepted:</span> {info.accepted}
        </p>
      ) : null}
      {info.suggestions?.length ? (
        <p>
          <span class="muted">Did you mean:</span> {info.suggestions.join(', ')}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function Loading({ children }: { children: ComponentChildren }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "1690.00" → "$1,690.00"; null or empty → an en dash. */
export function money(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '–';
  const n = Number(s);
  return Number.isFinite(n) ? usd.format(n) : s;
}

/** 169 → "169%"; 2.5 → "2.5%"; null → an en dash. */
export function pct(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return `${Number(n.toFixed(3)).toLocaleString('en-US')}%`;
}

/** A difference in percentage points: 14 → "+14 pp", -2.5 → "−2.5 pp", 0 → "0 pp". */
export function pp(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  const r = Number(n.toFixed(3));
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toLocaleString('en-US')} pp`;
}

/** A difference in dollars: "140.00" → "+$140.00". */
export function moneyDiff(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '–';
  const n = Number(s);
  if (!Number.isFinite(n)) return s;
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${usd.format(Math.abs(n))}`;
}

export const AUTHORITY: Record<string, string> = {
  mfn: 'MFN (column 1)',
  s232: 'Section 232',
  s301: 'Section 301',
  s338: 'Section 338',
  s201: 'Section 201',
  s122: 'Section 122',
  ieepa_fentanyl: 'IEEPA fentanyl',
  ieepa_reciprocal: 'IEEPA reciprocal',
  ieepa_other: 'IEEPA other',
  other: 'Other',
};

export const authorityName = (a: string) => AUTHORITY[a] ?? a;

/** An HTS code as the user sees it: 6109100012 → 6109.10.0012. */
export function dotted(code: string): string {
  const d = code.replace(/\D/g, '');
  if (d.length === 10) return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}`;
  if (d.length === 8) return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}`;
  if (d.length === 6) return `${d.slice(0, 4)}.${d.slice(4)}`;
  return code;
}
