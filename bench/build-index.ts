// Child of bench/run: builds the compiled index into an empty cache directory and reports time and peak memory.
import { statSync } from 'node:fs';
import { loadContext } from '../src/cli/context.js';
import { indexPath } from '../src/schedule/open.js';

const cache = process.argv[2]!;
const t = performance.now();
const ctx = await loadContext({ cache });
const ms = performance.now() - t;
console.log(
  JSON.stringify({
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
    indexMb: statSync(indexPath(cache, ctx.schedule.key)).size / 1e6,
  }),
);
