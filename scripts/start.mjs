// `npm start`: build the server and the web UI when the sources are newer than the build, then start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const marker = path.join(root, 'dist', '.built');
const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const sourcesAt = Math.max(
  newest(path.join(root, 'src')),
  newest(path.join(root, 'web')),
  fs.statSync(path.join(root, 'package.json')).mtimeMs,
);
if (sourcesAt > builtAt || !fs.existsSync(path.join(root, 'dist', 'web', 'index.html'))) {
  console.log('Building Baomi (server and web UI)...');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Build failed; see the errors above.');
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(marker, new Date().toISOString());
}
const r = spawnSync(process.execPath, [path.join(root, 'bin', 'baomi.js'), 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
