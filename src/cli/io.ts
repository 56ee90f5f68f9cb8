// Output and failure handling shared by the commands: exact JSON with --json, readable text otherwise;
// exit code 2 for bad input (the message names the field and the accepted form), 1 for anything else.
import { isInputError } from '../core/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`tariff: ${text}\n`);
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** Reports an error and sets the exit code; never throws. */
export function fail(e: unknown, json: boolean): void {
  if (isInputError(e)) {
    process.exitCode = EXIT_BAD_INPUT;
    if (json) printJson({ error: e.toJSON() });
    else {
      warn(e.message);
      process.stderr.write(`  accepted: ${e.accepted}\n`);
      if (e.suggestions.length) process.stderr.write(`  did you mean: ${e.suggestions.join(', ')}\n`);
    }
    return;
  }
  process.exitCode = EXIT_FAILURE;
  const msg = e instanceof Error ? e.message : String(e);
  if (json) printJson({ error: { message: msg } });
  else warn(msg);
  if (process.env['TARIFF_DEBUG'] && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
}

/** Left-aligned columns for people; the last column may wrap freely. */
export function table(rows: string[][], gap = 2): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + gap)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** Wraps text to a width, indenting continuation lines. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join(`\n${indent}`);
}
