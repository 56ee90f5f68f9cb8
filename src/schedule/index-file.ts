// The compiled index: one binary file per sources checksum, so that later starts map typed arrays instead of
// re-parsing 600 MB of JSON. Layout: "TARIFFIX" | u32 format | u32 header length | header JSON | 8-aligned sections.
// Sections are Int32 arrays or JSON values; the header names each one with its offset and length.
import { readFileSync } from 'node:fs';
import { atomicWriteFile } from './atomic.js';

const MAGIC = 'TARIFFIX';
export const INDEX_FORMAT = 3;

interface SectionRef {
  name: string;
  kind: 'i32' | 'json';
  offset: number;
  length: number;
}

export type Sections = Record<string, Int32Array | unknown>;

export function writeIndexFile(path: string, header: unknown, sections: Sections): number {
  const parts: Buffer[] = [];
  const refs: SectionRef[] = [];
  let offset = 0;
  for (const [name, value] of Object.entries(sections)) {
    let buf: Buffer;
    let kind: SectionRef['kind'];
    let length: number;
    if (value instanceof Int32Array) {
      buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      kind = 'i32';
      length = value.length;
    } else {
      buf = Buffer.from(JSON.stringify(value), 'utf8');
      kind = 'json';
      length = buf.length;
    }
    refs.push({ name, kind, offset, length });
    parts.push(buf);
    const pad = (8 - (buf.length % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
    offset += buf.length + pad;
  }
  let head = Buffer.from(JSON.stringify({ header, sections: refs }), 'utf8');
  const headPad = (8 - ((16 + head.length) % 8)) % 8;
  head = Buffer.concat([head, Buffer.alloc(headPad, 0x20)]);
  const pre = Buffer.alloc(16);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(INDEX_FORMAT, 8);
  pre.writeUInt32LE(head.length, 12);
  // Written under a temporary name and renamed: a crash never leaves a half-written index behind.
  const all = Buffer.concat([pre, head, ...parts]);
  atomicWriteFile(path, all);
  const total = all.length;
  return total;
}

export interface LoadedIndexFile {
  header: unknown;
  i32(name: string): Int32Array;
  json<T>(name: string): T;
  bytes: number;
}

/** Reads an index file; returns null when it is missing, of another format, or damaged (it is then rebuilt). */
export function readIndexFile(path: string): LoadedIndexFile | null {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return null;
  }
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== INDEX_FORMAT) return null;
  const headLen = buf.readUInt32LE(12);
  let parsed: { header: unknown; sections: SectionRef[] };
  try {
    parsed = JSON.parse(buf.toString('utf8', 16, 16 + headLen));
  } catch {
    return null;
  }
  const base = 16 + headLen;
  const refs = new Map(parsed.sections.map((s) => [s.name, s]));
  const last = parsed.sections[parsed.sections.length - 1];
  if (last && base + last.offset + (last.kind === 'i32' ? last.length * 4 : last.length) > buf.length) return null;
  const get = (name: string): SectionRef => {
    const r = refs.get(name);
    if (!r) throw new Error(`compiled index: section ${name} missing`);
    return r;
  };
  return {
    header: parsed.header,
    bytes: buf.length,
    i32(name) {
      const r = get(name);
      const start = buf.byteOffset + base + r.offset;
      if (start % 4 === 0) return new Int32Array(buf.buffer, start, r.length);
      return new Int32Array(buf.buffer.slice(start, start + r.length * 4));
    },
    json<T>(name: string): T {
      const r = get(name);
      return JSON.parse(buf.toString('utf8', base + r.offset, base + r.offset + r.length)) as T;
    },
  };
}
