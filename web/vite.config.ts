// The web app: Vite + Preact, built into web/dist and served by `tariff serve` at /.
// In development (`npx vite web`), /api, /openapi.json and /docs are proxied to a `tariff serve` on port 8080.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': api, '/openapi.json': api, '/docs': api } },
});
