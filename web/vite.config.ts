import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const nm = (pkgs: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${pkgs})[\\\\/]`);

/**
 * Vendor chunks (Vite 8 bundles with Rolldown, whose `codeSplitting.groups` replace Rollup's `manualChunks`).
 * Groups capture their dependencies too, so the higher-priority groups (React first) claim theirs before antd.
 */
const chunkGroups = [
  { name: 'react', test: nm('react|react-dom|scheduler|react-router|cookie|set-cookie-parser'), priority: 40 },
  { name: 'libs', test: nm('i18next|react-i18next|@tanstack|dayjs|html-parse-stringify|void-elements'), priority: 30 },
  { name: 'antd-icons', test: nm('@ant-design[\\\\/]icons|@ant-design[\\\\/]icons-svg'), priority: 20 },
  {
    name: 'antd',
    test: nm('antd|@ant-design|@rc-component|rc-[^\\\\/]+|@emotion|@babel|classnames|clsx'),
    priority: 10,
  },
  { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 0 },
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
