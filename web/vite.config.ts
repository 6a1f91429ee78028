import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const nm = (pkgs: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${pkgs})[\\\\/]`);

/**
 * Shared vendor chunks (Vite 8 bundles with Rolldown, whose `codeSplitting.groups` replace Rollup's `manualChunks`):
 * only React and the small libraries every page uses, which change rarely and so stay cached across releases.
 * antd, its icons and the chart library are NOT grouped: the pages are loaded per route (`lazyPage` in each module's
 * index.tsx), and Rolldown puts each component where the pages that use it need it, so the sign-in page fetches
 * only the antd components it shows (a single antd group made every first visit fetch all of antd).
 */
const chunkGroups = [
  { name: 'react', test: nm('react|react-dom|scheduler|react-router|cookie|set-cookie-parser'), priority: 40 },
  { name: 'libs', test: nm('i18next|react-i18next|@tanstack|dayjs|html-parse-stringify|void-elements'), priority: 30 },
];

export default defineConfig({
  root: here('.'),
  plugins: [react(), precompress()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    // The server's CSP forbids inline scripts: no polyfill snippet, every script is an external file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: { codeSplitting: { groups: chunkGroups } },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
