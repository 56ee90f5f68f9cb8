// `tariff sync`: download the official public files into a sources directory (only what is missing or changed),
// verify their checksums, and write the manifest; then take the USITC's current release (its JSON and change record)
// when the directory does not hold it yet, since the USITC serves no other release.
import { catalog, loadManifest } from '../../sources/manifest.js';
import { addToManifest, sync, type SyncEvent } from '../../sources/sync.js';
import { missedExplanation, syncReleases } from '../../sources/releases.js';
import { out, printJson, warn, EXIT_FAILURE } from '../io.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function runSync(
  dest: string,
  opts: {
    mirror?: string;
    retries?: string;
    concurrency?: string;
    acceptConverted?: boolean;
    json?: boolean;
    usitc?: string;
    releases?: boolean;
  },
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
    acceptConverted: opts.acceptConverted === true,
  });
  let releases: Awaited<ReturnType<typeof syncReleases>> | null = null;
  if (opts.releases !== false) {
    const { manifest } = await loadManifest(dest);
    const revisionsOf = (kind: string) =>
      manifest.files.filter((f) => f.kind === kind && f.revision).map((f) => f.revision!);
    releases = await syncReleases({
      dest,
      held: revisionsOf('hts-json'),
      heldChangeRecords: revisionsOf('change-record'),
      ...(opts.usitc ? { base: opts.usitc } : {}),
      onProgress: (m) => tty && warn(m),
    });
    if (releases.entries.length) await addToManifest(dest, releases.entries);
    for (const f of releases.failed) warn(`FAILED ${f.what}: ${f.reason}`);
  }
  if (opts.json) printJson({ ...summary, releases });
  else {
    out(
      `${summary.fetched.length} fetched, ${summary.skipped.length} already up to date, ${summary.failed.length} failed; manifest: ${summary.manifest}`,
    );
    if (releases) {
      out(
        releases.current
          ? `USITC current release: ${releases.current}; ${releases.fetched.length ? `fetched ${releases.fetched.join(', ')}` : 'already held'}`
          : 'USITC release list not reachable: the current release was not checked',
      );
      const missed = missedExplanation(releases.missed);
      if (missed) out(missed);
    }
  }
  if (summary.failed.length || releases?.failed.length) process.exitCode = EXIT_FAILURE;
}
