// `tariff sync` against the USITC as it behaves in 2026 (a local server plays it): the release list and the current
// release only; exportList ignores any release; the static archive answers 403; change records are PDFs for every
// release, and an unknown release is answered with an HTML page.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/sources/manifest.js';
import { missedExplanation, revisionIdOfRelease, syncReleases } from '../../src/sources/releases.js';
import { addToManifest, sync } from '../../src/sources/sync.js';
import { startServer, tempDir, type FixtureServer } from './helpers.js';

const EXPORT = '/reststop/exportList?from=0101&to=9999.99.99&format=JSON&styles=false';
const crPath = (name: string) => `/reststop/file?release=${name}&filename=Change%20Record`;

/** An HTS export of `n` rows with chapter 99, as exportList answers. */
function htsOf(tag: string, n = 1200): Buffer {
  const rows = Array.from({ length: n }, (_, i) => ({
    htsno: `0101.${String(i).padStart(4, '0')}`,
    description: `${tag} ${i}`,
  }));
  rows.push({ htsno: '9903.05.84', description: `${tag}: Vietnam, forced labor` });
  return Buffer.from(JSON.stringify(rows));
}

function releaseList(current: number): Buffer {
  const list = [
    { name: 'basicCorrections2', status: 'archive', releaseStartDate: '01/05/2018' },
    ...Array.from({ length: current - 9 }, (_, k) => {
      const n = 10 + k;
      return {
        name: `2026HTSRev${n}`,
        description: `2026 HTS Revision ${n}`,
        status: n === current ? 'current' : 'archive',
        releaseStartDate: n === 21 ? '10/09/2026' : n === 22 ? '11/20/2026' : '07/01/2026',
      };
    }),
  ];
  return Buffer.from(JSON.stringify(list));
}

let server: FixtureServer;
let dest: string;
let cleanup: () => Promise<void>;
let pdftotext: string;

function serveCurrent(n: number) {
  server.files.set('/reststop/releaseList', releaseList(n));
  server.files.set('/reststop/currentRelease', Buffer.from(JSON.stringify({ name: `2026HTSRev${n}` })));
  server.files.set(EXPORT, htsOf(`rev ${n}`));
  server.files.set(crPath(`2026HTSRev${n}`), Buffer.from(`%PDF-1.6 change record of revision ${n}\n`));
}

beforeEach(async () => {
  server = await startServer();
  ({ dir: dest, cleanup } = await tempDir());
  // A stand-in for pdftotext: copies the PDF bytes as the text.
  pdftotext = path.join(dest, '..', `fake-pdftotext-${process.pid}-${Date.now()}.sh`);
  await writeFile(pdftotext, '#!/bin/sh\ncat "$2" > "$3"\n', { mode: 0o755 });
  // Every revision ever released has its change record; the static archive is refused.
  for (let n = 10; n <= 22; n++)
    server.files.set(crPath(`2026HTSRev${n}`), Buffer.from(`%PDF-1.6 change record ${n}\n`));
  server.files.set('/sites/default/files/tata/hts/hts_2026_revision_15_json.json', Buffer.from('[]'));
  server.always.set('/sites/default/files/tata/hts/hts_2026_revision_15_json.json', '403');
});

afterEach(async () => {
  await server.close();
  await cleanup();
});

const run = (held: string[], heldChangeRecords: string[] = held) =>
  syncReleases({ dest, base: server.url, held, heldChangeRecords, pdftotext });

describe('sync of the USITC current release', () => {
  it('names releases as tariff does', () => {
    expect(revisionIdOfRelease('2026HTSRev21')).toBe('2026_rev_21');
    expect(revisionIdOfRelease('2026HTSBasic')).toBe('2026_basic');
    expect(revisionIdOfRelease('2019HTSABASICA')).toBeNull();
  });

  it('takes the current release and its change record, and says plainly which revisions are missed for good', async () => {
    serveCurrent(21);
    const s = await run(['2026_rev_10']);
    expect(s.current).toBe('2026_rev_21');
    expect(s.failed).toEqual([]);
    expect(s.fetched).toEqual([
      'usitc-hts/hts_2026_rev_21.json.gz',
      'usitc-change-records/2026HTSRev21_change_record.txt',
    ]);
    const json = JSON.parse(
      gunzipSync(await readFile(path.join(dest, 'usitc-hts/hts_2026_rev_21.json.gz'))).toString(),
    );
    expect(json.at(-1).description).toMatch(/^rev 21/);
    const hts = s.entries.find((e) => e.kind === 'hts-json')!;
    expect(hts).toMatchObject({ revision: '2026_rev_21', released: '2026-10-09', convert: 'gzip' });
    expect(hts.note).toMatch(/cannot be fetched again/);
    expect(s.missed.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, k) => `2026_rev_${11 + k}`));
    expect(missedExplanation(s.missed)).toMatch(
      /10 revisions \(2026HTSRev11 \.\. 2026HTSRev20\).*cannot be fetched any more/,
    );
    // The static archive was never asked.
    expect(server.seen.some((r) => r.path.includes('/sites/default/files'))).toBe(false);
  });

  it('fetches nothing when the current release is held, and the change record of a held revision that lacks one', async () => {
    serveCurrent(21);
    const s = await run(['2026_rev_10', '2026_rev_21'], ['2026_rev_21']);
    expect(s.fetched).toEqual(['usitc-change-records/2026HTSRev10_change_record.txt']);
    expect(s.missed).toEqual([]);
    expect(server.seen.some((r) => r.path === EXPORT)).toBe(false);
  });

  it('keeps every release it has fetched: a later run adds the new current release and keeps the old one', async () => {
    serveCurrent(21);
    const first = await run(['2026_rev_10']);
    await addToManifest(dest, first.entries);
    serveCurrent(22);
    const second = await run(['2026_rev_10', '2026_rev_21']);
    expect(second.fetched[0]).toBe('usitc-hts/hts_2026_rev_22.json.gz');
    await addToManifest(dest, second.entries);
    const m = parseManifest(await readFile(path.join(dest, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(m.files.filter((f) => f.kind === 'hts-json').map((f) => f.revision)).toEqual(['2026_rev_21', '2026_rev_22']);
    // A catalog sync over the manifest keeps them while intact, and never installs another release in their place.
    const again = await sync({ dest, manifestOrCatalog: m, retries: 0, backoffMs: 1 });
    expect(again.skipped).toContain('usitc-hts/hts_2026_rev_21.json.gz');
    await writeFile(path.join(dest, 'usitc-hts/hts_2026_rev_21.json.gz'), 'damaged');
    const broken = await sync({ dest, manifestOrCatalog: m, retries: 0, backoffMs: 1, mirror: server.url });
    // exportList now serves revision 22: refused by the checksum of revision 21, not installed in its place.
    expect(broken.failed.map((f) => f.path)).toEqual(['usitc-hts/hts_2026_rev_21.json.gz']);
    expect(broken.failed[0]!.reason).toMatch(/checksum mismatch/);
  });

  it('keeps nothing when the current release turns over during the download', async () => {
    serveCurrent(21);
    // currentRelease answers 21 before... and 22 after the export.
    let calls = 0;
    const fetchFn: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/reststop/currentRelease') && calls++ > 0)
        return new Response(JSON.stringify({ name: '2026HTSRev22' }), { status: 200 });
      return fetch(input, init);
    };
    const s = await syncReleases({
      dest,
      base: server.url,
      held: ['2026_rev_10'],
      heldChangeRecords: [],
      pdftotext,
      fetch: fetchFn,
    });
    expect(s.failed[0]!.reason).toMatch(/changed from 2026HTSRev21 to 2026HTSRev22 during the download/);
    expect(existsSync(path.join(dest, 'usitc-hts/hts_2026_rev_21.json.gz'))).toBe(false);
  });

  it('refuses an export without chapter 99, an HTML page for a change record, and reports an unreachable list', async () => {
    serveCurrent(21);
    server.files.set(
      EXPORT,
      Buffer.from(JSON.stringify(Array.from({ length: 1500 }, (_, i) => ({ htsno: `0101.${i}` })))),
    );
    server.files.set(crPath('2026HTSRev21'), Buffer.from('<!DOCTYPE html><html>Release not found</html>'));
    const s = await run(['2026_rev_10'], ['2026_rev_10']);
    expect(s.failed.map((f) => f.what)).toEqual(['2026HTSRev21 JSON']);
    expect(s.failed[0]!.reason).toMatch(/without chapter 99/);
    const cr = await run(['2026_rev_10', '2026_rev_21'], ['2026_rev_10']);
    expect(cr.failed[0]!.reason).toMatch(/did not answer a PDF/);
    server.always.set('/reststop/releaseList', '403');
    const down = await run(['2026_rev_10']);
    expect(down.current).toBeNull();
    expect(down.failed[0]!.reason).toMatch(/HTTP 403.*only the current release/);
  });
});
