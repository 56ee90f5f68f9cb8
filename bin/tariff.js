#!/usr/bin/env node
// Entry point of the `tariff` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('tariff: the compiled CLI is missing (dist/). Run `npm run build` (npm ci runs it for you).\n');
  process.exit(1);
}
await import(pathToFileURL(main).href);
