// `tariff sources`: what the sources directory holds, verified against its manifest: the revisions with their
// dates, the range of dates answered, the other documents.
import type { Context } from '../context.js';
import { out, printJson, table } from '../io.js';

export function sourcesJson(ctx: Context) {
  const s = ctx.schedule;
  const m = ctx.verified.manifest;
  const byKind: Record<string, number> = {};
  for (const f of m.files) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return {
    dir: ctx.sourcesDir,
    how: ctx.how,
    manifest: ctx.verified.fromCatalog ? 'shipped catalog (the directory has no manifest.json)' : 'manifest.json',
    verified: { files: m.files.length, bytes: m.files.reduce((a, f) => a + f.bytes, 0), key: ctx.verified.key },
    files: byKind,
    extra: ctx.verified.extra,
    cache: { dir: ctx.cacheDir, index: s.bytes, built: s.built },
    covered: {
      from: s.first.effective,
      lastRevision: s.latest.id,
      lastPublished: s.latest.published,
      note: `dates after ${s.latest.published} are answered from ${s.latest.id}; \`tariff sync\` fetches newer revisions`,
    },
    revisions: s.revisions.map((r) => ({
      id: r.id,
      published: r.published,
      effective: r.effective,
      dateSource: r.dateSource,
      rows: r.rows,
      changeItems: r.changeItems,
      file: r.file,
      contentSha256: r.contentSha256,
    })),
  };
}

export function runSources(ctx: Context, opts: { json?: boolean }): void {
  const j = sourcesJson(ctx);
  if (opts.json) return printJson(j);
  out(
    `Sources: ${j.dir} (${j.how === 'flag' ? '--sources' : j.how === 'shared' ? '../shared/data' : j.how === 'env' ? '$TARIFF_SOURCES' : 'default cache'})`,
  );
  out(
    `Checked: ${j.verified.files} files, ${(j.verified.bytes / 1e6).toFixed(1)} MB, sha256 verified against the ${j.manifest}`,
  );
  out(
    `Files: ${Object.entries(j.files)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  );
  if (j.extra.length) out(`Not in the manifest (not used): ${j.extra.join(', ')}`);
  out(`Compiled index: ${(j.cache.index / 1e6).toFixed(1)} MB in ${j.cache.dir}`);
  out('');
  out(
    `${j.revisions.length} HTS revisions, ${j.revisions[0]!.id} to ${j.covered.lastRevision}: answers for entries from ${j.covered.from}; the data ends with ${j.covered.lastRevision}, published ${j.covered.lastPublished}.`,
  );
  out('');
  out(
    table([
      ['Revision', 'Published', 'In force from', 'Rows', 'Changes', 'Dates from'],
      ...j.revisions.map((r) => [r.id, r.published, r.effective, String(r.rows), String(r.changeItems), r.dateSource]),
    ]),
  );
}
