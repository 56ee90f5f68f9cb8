// Before any test file: make sure the CLI is compiled and the compiled HTS index exists for the sources, so that
// test files load it in milliseconds instead of each building it (it takes ~15 s, once per sources version).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js')))
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', [join(root, 'bin', 'tariff.js'), 'sources', '--json'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
}
