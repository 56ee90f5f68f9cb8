// Reads one revision file (gzipped USITC JSON) into normalized rows. Runs in a worker thread during the index build.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { normalizeRow, type RawRow, type Row } from './normalize.js';

export interface ParsedRevisionFile {
  rows: Row[];
  /** sha256 of the uncompressed JSON: byte-identical revisions (2025 rev 12 = rev 13, ...) share their rows. */
  contentSha256: string;
}

export function parseRevisionFile(path: string): ParsedRevisionFile {
  const gz = readFileSync(path);
  const json = path.endsWith('.gz') ? gunzipSync(gz) : gz;
  const contentSha256 = createHash('sha256').update(json).digest('hex');
  const raw = JSON.parse(json.toString('utf8')) as RawRow[];
  if (!Array.isArray(raw)) throw new Error(`${path}: expected a JSON array of HTS rows`);
  return { rows: raw.map(normalizeRow), contentSha256 };
}
