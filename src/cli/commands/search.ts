// `tariff search TEXT`: ranked full-text search over the description paths of the revision in force on a date.
import { InputError } from '../../core/errors.js';
import { openSearch } from '../../schedule/open.js';
import { out, printJson, table, warn } from '../io.js';
import { pickRevision } from '../revision-pick.js';
import type { Context } from '../context.js';

export function runSearch(
  ctx: Context,
  text: string,
  opts: { date?: string; revision?: string; limit?: string; chapter?: string; json?: boolean },
): void {
  const query = text.trim();
  if (!query)
    throw new InputError('text', text, 'the search text is empty', 'one or more words, e.g. "cotton t-shirts"');
  const limit = opts.limit === undefined ? 20 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new InputError('limit', opts.limit, `--limit ${opts.limit} is not a count`, 'a whole number from 1 to 1000');
  let chapter: number | undefined;
  if (opts.chapter !== undefined) {
    chapter = Number(opts.chapter);
    if (!/^\d{1,2}$/.test(opts.chapter) || chapter < 1 || chapter > 99)
      throw new InputError(
        'chapter',
        opts.chapter,
        `--chapter ${opts.chapter} is not a chapter`,
        'a chapter number, 1 to 99',
      );
  }
  const { revision, notes } = pickRevision(ctx.schedule, opts);
  const answer = openSearch(ctx.schedule, ctx.cacheDir).search(query, revision, {
    limit,
    ...(chapter !== undefined ? { chapter } : {}),
  });
  if (opts.json) return printJson(notes.length ? { ...answer, notes } : answer);
  for (const n of notes) warn(n);
  if (answer.hits.length === 0) {
    out(`No line of ${answer.revision} matches "${query}".`);
    return;
  }
  out(
    `${answer.total} line${answer.total === 1 ? '' : 's'} of ${answer.revision} match ${answer.partial ? 'some words of ' : ''}"${query}"` +
      (answer.total > answer.hits.length ? `; the best ${answer.hits.length}:` : ':'),
  );
  out('');
  out(
    table([
      ['HTS', 'General', 'Description (path)'],
      ...answer.hits.map((h) => [h.hts, h.general || '-', pathText(h.path)]),
    ]),
  );
}

function pathText(path: string[]): string {
  const own = path[path.length - 1] ?? '';
  const up = path
    .slice(0, -1)
    .map((p) => p.replace(/:$/, ''))
    .map((p) => (p.length > 40 ? `${p.slice(0, 37)}...` : p));
  const s = [...up, own].join(' > ');
  return s.length > 150 ? `...${s.slice(s.length - 147)}` : s;
}
