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

export function ErrorBox({ error }: { error: unknown }) {
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

export const AUTHORITY: Record<string, string> = {
  mfn: 'MFN (column 1)',
  s232: 'Section 232',
  s301: 'Section 301',
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
