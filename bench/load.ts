// Child of bench/run: load test of the HTTP API on 127.0.0.1 only, bounded in time (autocannon).
// GET /api/quote over a spread of lines and countries, then POST /api/quote with 10,000 lines.
import autocannon from 'autocannon';
import { loadContext } from '../src/cli/context.js';
import { loadLawFor } from '../src/cli/law.js';
import { loadFees } from '../src/load/fees.js';
import { lawDir } from '../src/load/index.js';
import { buildApp } from '../src/server/app.js';

const cache = process.argv[2];
const ctx = await loadContext(cache ? { cache } : {});
const app = await buildApp({
  schedule: ctx.schedule,
  law: loadLawFor(ctx),
  fees: loadFees(lawDir()),
  cacheDir: ctx.cacheDir,
  sourcesKey: ctx.verified.key,
  logger: false,
  rateLimit: false,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const base = `http://127.0.0.1:${port}`;

const codes = [
  '6109.10.0012',
  '8471.30.0100',
  '7208.10.1500',
  '8703.23.0170',
  '9401.61.4011',
  '6403.99.9065',
  '8517.13.0000',
  '0803.90.0035',
];
const countries = ['CN', 'JP', 'DE', 'VN', 'MX', 'CA', 'BR', 'IN', 'GB', 'KR'];
const dates = ['2025-02-10', '2025-04-10', '2025-06-10', '2025-08-20', '2025-11-20', '2026-03-01', '2026-05-01'];
const requests = [];
for (let i = 0; i < 400; i++)
  requests.push({
    method: 'GET' as const,
    path: `/api/quote?hts=${codes[i % codes.length]}&country=${countries[(i >> 3) % countries.length]}&date=${dates[(i >> 5) % dates.length]}&value=${1000 + i}`,
  });

const result = await autocannon({ url: base, connections: 32, duration: 10, requests });
const lines = Array.from({ length: 10_000 }, (_, i) => ({
  hts: codes[i % codes.length],
  country: countries[(i >> 3) % countries.length],
  date: dates[(i >> 5) % dates.length],
  value: String(1000 + (i % 997)),
}));
const t = performance.now();
const r = await fetch(`${base}/api/quote`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(lines),
});
await r.json();
const postMs = performance.now() - t;
await app.close();
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    postStatus: r.status,
    post10kMs: postMs,
  }),
);
