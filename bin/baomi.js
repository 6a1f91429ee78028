#!/usr/bin/env node
// The `baomi` command. Runs the compiled CLI (npm run build:server produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('baomi: not built yet. Run "npm run build" (or "npm start", which builds first).');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
