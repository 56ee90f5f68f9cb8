// `tariff rate EXPR`: parse and evaluate one rate as printed in any column of the HTS; `--input -` reads one
// expression per line and writes one JSON object per line.
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { rateReport } from '../../core/hts/rate/index.js';
import { InputError } from '../../core/errors.js';
import { out, printJson, table, EXIT_BAD_INPUT } from '../io.js';

export async function runRate(
  expr: string | undefined,
  opts: { value?: string; quantity?: string; program?: string; input?: string; json?: boolean },
): Promise<void> {
  const o = {
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...(opts.quantity !== undefined ? { quantity: opts.quantity } : {}),
    ...(opts.program !== undefined ? { program: opts.program } : {}),
  };
  if (opts.input !== undefined) {
    const stream = opts.input === '-' ? process.stdin : createReadStream(opts.input);
    let bad = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const r = rateReport(line, o);
      if ('error' in r) bad++;
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
    if (bad) process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  if (expr === undefined)
    throw new InputError(
      'EXPR',
      '',
      'no rate expression given',
      'a rate as printed in the HTS, e.g. "0.8¢/kg + 2%", or --input FILE',
    );
  const r = rateReport(expr, o);
  if (opts.json) {
    printJson(r);
    if ('error' in r) process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  if ('error' in r) {
    const e = r.error as { field?: string; message: string; accepted: string };
    throw new InputError(e.field ?? 'EXPR', expr, e.message, e.accepted);
  }
  const rows: string[][] = [
    ['Text', r.text],
    ['Kind', r.expr.kind],
  ];
  let dutyText = `$${r.duty}`;
  if (r.duty === null) dutyText = r.missing?.length ? `(needs ${r.missing.join('; ')})` : '(none)';
  rows.push(['Duty', dutyText]);
  if (r.adValoremEquivalent !== null) rows.push(['Ad valorem eq.', `${r.adValoremEquivalent}%`]);
  for (const n of r.notes ?? []) rows.push(['Note', n]);
  out(table(rows));
  if (r.groups) {
    // A special-program rate: every program group with its own duty.
    out('');
    const groupRows = [['Rate', 'Duty', 'Programs']];
    for (const g of r.groups) groupRows.push([g.text, g.duty === null ? '-' : `$${g.duty}`, g.programs.join(',')]);
    out(table(groupRows));
  }
  out('');
  out(JSON.stringify(r.expr));
}
