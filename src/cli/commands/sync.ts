// `tariff sync`: download the official public files into a sources directory (only what is missing or changed),
// verify their checksums, and write the manifest.
import { catalog, loadManifest } from '../../sources/manifest.js';
import { sync, type SyncEvent } from '../../sources/sync.js';
import { out, printJson, warn, EXIT_FAILURE } from '../io.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function runSync(
  dest: string,
  opts: { mirror?: string; retries?: string; concurrency?: string; strict?: boolean; json?: boolean },
): Promise<void> {
  // Re-syncing a directory keeps its own manifest (it may list revisions newer than the shipped catalog).
  const base = existsSync(join(dest, 'manifest.json')) ? (await loadManifest(dest)).manifest : catalog();
  const tty = process.stderr.isTTY && !opts.json;
  const onProgress = (e: SyncEvent) => {
    if (e.type === 'done') warn(`fetched ${e.path} (${e.bytes.toLocaleString('en-US')} bytes)`);
    else if (e.type === 'retry') warn(`retrying ${e.path} (attempt ${e.attempt}): ${e.reason}`);
    else if (e.type === 'fail') warn(`FAILED ${e.path}: ${e.reason}`);
    else if (e.type === 'start' && tty) warn(`fetching ${e.path}${e.resumeFrom ? ` from byte ${e.resumeFrom}` : ''}`);
  };
  const summary = await sync({
    dest,
    manifestOrCatalog: base,
    onProgress,
    ...(opts.mirror ? { mirror: opts.mirror } : {}),
    ...(opts.retries ? { retries: Number(opts.retries) } : {}),
    ...(opts.concurrency ? { concurrency: Number(opts.concurrency) } : {}),
    acceptConverted: !opts.strict,
  });
  if (opts.json) printJson(summary);
  else
    out(
      `${summary.fetched.length} fetched, ${summary.skipped.length} already up to date, ${summary.failed.length} failed; manifest: ${summary.manifest}`,
    );
  if (summary.failed.length) process.exitCode = EXIT_FAILURE;
}
