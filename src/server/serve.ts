// `tariff serve`: loads the schedule, the law and the fees once, and serves the HTTP API until stopped.
import { InputError } from '../core/errors.js';
import { loadFees } from '../load/fees.js';
import { lawDir, lawKey } from '../load/index.js';
import { type Context, type GlobalOptions } from '../cli/context.js';
import { loadLawFor } from '../cli/law.js';
import { out } from '../cli/io.js';
import { buildApp } from './app.js';

export interface ServeFlags extends GlobalOptions {
  port?: string;
  host?: string;
  rateLimit?: string;
  logLevel?: string;
}

function whole(field: string, v: string | undefined, dflt: number, min: number, max: number, accepted: string) {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new InputError(field, v, `--${field} ${v} is not valid`, accepted);
  return n;
}

export async function runServe(ctx: Context, flags: ServeFlags): Promise<void> {
  const port = whole('port', flags.port, 8080, 0, 65535, 'a TCP port, 0 to 65535');
  const perMinute = whole(
    'rate-limit',
    flags.rateLimit,
    600,
    0,
    1_000_000_000,
    'requests per minute per client, 0 for none',
  );
  const host = flags.host ?? '127.0.0.1';
  const dir = lawDir();
  const app = await buildApp({
    schedule: ctx.schedule,
    law: loadLawFor(ctx),
    fees: loadFees(dir),
    cacheDir: ctx.cacheDir,
    sourcesDir: ctx.sourcesDir,
    sourcesKey: ctx.verified.key,
    lawKey: lawKey(dir),
    logger: { level: flags.logLevel ?? process.env['LOG_LEVEL'] ?? 'info' },
    rateLimit: perMinute === 0 ? false : { max: perMinute, timeWindow: '1 minute' },
  });
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port, host });
  const addr = app.server.address();
  const shown = typeof addr === 'object' && addr ? addr.port : port;
  const h = host.includes(':') ? `[${host}]` : host;
  out(`tariff: serving http://${h}:${shown} (API docs /docs)`);
}
