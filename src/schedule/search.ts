// Full-text search over the lines of every revision. A line's document is its whole description path (chapter
// heading, subheadings, unnumbered headers, its own text): "cotton t-shirts men" finds 6109.10.0012 although
// "cotton" is written on its parent. Identical documents are shared across revisions, each listing the revisions
// it exists in, so a date filter picks the revision in force. Ranking: BM25 (MiniSearch), own text weighted above
// ancestors', all words required (any word when no line has them all).
import { readFileSync, existsSync } from 'node:fs';
import MiniSearch, { type SearchResult } from 'minisearch';
import { printHts } from '../core/hts/code.js';
import type { Revision, Schedule } from './schedule.js';
import { atomicWriteFile } from './atomic.js';

export const SEARCH_FORMAT = 2;

interface Doc {
  id: number;
  code: string;
  title: string;
  path: string;
}

interface StoredDoc {
  code: string;
  /** Revision index ranges [from, to] inclusive, flattened. */
  revs: number[];
}

const SEP = '\u0001';

const STOP = new Set(['of', 'or', 'and', 'the', 'a', 'an', 'for', 'in', 'with', 'to', 'other', 'by', 'nesoi', 'on']);

/** Lowercase, fold accents, drop stop words, and strip plural endings so that "shirts" finds "shirt". */
export function processTerm(term: string): string | null {
  const t = term
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  if (!t || STOP.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us')) return t.slice(0, -1);
  return t;
}

const OPTIONS = {
  fields: ['code', 'title', 'path'],
  storeFields: [] as string[],
  processTerm,
  searchOptions: { boost: { code: 4, title: 2, path: 1 } },
};

export interface SearchHit {
  hts: string;
  description: string;
  path: string[];
  general: string;
  score: number;
}

export interface SearchAnswer {
  query: string;
  revision: string;
  /** True when no line has every word and the answer lists lines with some of them. */
  partial: boolean;
  total: number;
  hits: SearchHit[];
}

export class HtsSearch {
  private constructor(
    private readonly schedule: Schedule,
    private readonly mini: MiniSearch<Doc>,
    private readonly docs: StoredDoc[],
  ) {}

  static build(schedule: Schedule): HtsSearch {
    const byKey = new Map<string, number>();
    const docs: StoredDoc[] = [];
    const texts: Doc[] = [];
    for (const rev of schedule.revisions) {
      const n = schedule.rowCount(rev);
      // Path text of every row, computed once per revision from its parent's.
      const pathText: string[] = new Array(n);
      for (let pos = 0; pos < n; pos++) {
        const parent = schedule.parentPosition(rev, pos);
        const desc = schedule.descriptionOf(rev, pos);
        pathText[pos] = parent >= 0 ? `${pathText[parent]}${SEP}${desc}` : desc;
      }
      for (const code of schedule.codesIn(rev)) {
        if (!schedule.isLine(code, rev)) continue;
        const pos = schedule.position(code, rev);
        const key = `${code}\u0000${pathText[pos]}`;
        let id = byKey.get(key);
        if (id === undefined) {
          id = docs.length;
          byKey.set(key, id);
          docs.push({ code, revs: [rev.index, rev.index] });
          const parent = schedule.parentPosition(rev, pos);
          texts.push({
            id,
            code: `${printHts(code)} ${code} ${code.slice(0, 8)} ${code.slice(0, 6)} ${code.slice(0, 4)}`,
            title: schedule.descriptionOf(rev, pos),
            path: parent >= 0 ? pathText[parent]!.split(SEP).join(' ') : '',
          });
        } else {
          const r = docs[id]!.revs;
          if (r[r.length - 1] === rev.index - 1) r[r.length - 1] = rev.index;
          else r.push(rev.index, rev.index);
        }
      }
    }
    const mini = new MiniSearch<Doc>(OPTIONS);
    mini.addAll(texts);
    return new HtsSearch(schedule, mini, docs);
  }

  save(path: string): void {
    atomicWriteFile(
      path,
      JSON.stringify({ format: SEARCH_FORMAT, key: this.schedule.key, docs: this.docs, index: this.mini }),
    );
  }

  static load(schedule: Schedule, path: string): HtsSearch | null {
    if (!existsSync(path)) return null;
    try {
      const raw = readFileSync(path, 'utf8');
      // The index is embedded as an object; MiniSearch.loadJSON wants its JSON text.
      const parsed = JSON.parse(raw) as { format: number; key: string; docs: StoredDoc[]; index: unknown };
      if (parsed.format !== SEARCH_FORMAT || parsed.key !== schedule.key) return null;
      const mini = MiniSearch.loadJS<Doc>(parsed.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
      return new HtsSearch(schedule, mini, parsed.docs);
    } catch {
      return null;
    }
  }

  private inRevision(doc: StoredDoc, rev: Revision): boolean {
    for (let i = 0; i < doc.revs.length; i += 2)
      if (rev.index >= doc.revs[i]! && rev.index <= doc.revs[i + 1]!) return true;
    return false;
  }

  search(query: string, rev: Revision, opts: { limit?: number; chapter?: number } = {}): SearchAnswer {
    const limit = opts.limit ?? 20;
    const filter = (r: SearchResult) => {
      const d = this.docs[r.id as number]!;
      return this.inRevision(d, rev) && (opts.chapter === undefined || Number(d.code.slice(0, 2)) === opts.chapter);
    };
    const base = {
      filter,
      prefix: (term: string) => term.length >= 3,
      fuzzy: (term: string) => (term.length >= 6 ? 0.15 : false),
    };
    let partial = false;
    let results = this.mini.search(query, { ...base, combineWith: 'AND' });
    if (results.length === 0) {
      results = this.mini.search(query, { ...base, combineWith: 'OR' });
      partial = results.length > 0;
    }
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    for (const r of results) {
      if (hits.length >= limit) break;
      const code = this.docs[r.id as number]!.code;
      if (seen.has(code)) continue;
      seen.add(code);
      const line = this.schedule.line(code, rev);
      if (!line) continue;
      hits.push({
        hts: line.hts,
        description: line.description,
        path: line.path.map((p) => p.description),
        general: line.general,
        score: Math.round(r.score * 1000) / 1000,
      });
    }
    return { query, revision: rev.id, partial, total: results.length, hits };
  }
}
