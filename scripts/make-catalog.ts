// Regenerates src/sources/catalog.json from a reference sources directory (names, sizes, hashes, URLs only).
// Usage: npx vite-node scripts/make-catalog.ts [SOURCES_DIR] [OUT_JSON]
import { rename, writeFile } from 'node:fs/promises';
import { makeCatalog } from '../src/sources/catalog-make.js';

const dir = process.argv[2] ?? '../shared/data';
const out = process.argv[3] ?? 'src/sources/catalog.json';
const catalog = await makeCatalog(dir);
const tmp = `${out}.tmp-${process.pid}`;
await writeFile(tmp, JSON.stringify(catalog, null, 2) + '\n');
await rename(tmp, out);
console.log(`${out}: ${catalog.files.length} files, ${catalog.files.filter((f) => !f.origin).length} without origin`);
