import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/** Text-like files worth compressing (images and fonts in woff2 are compressed already). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|wasm|ttf|otf|txt|map)$/;
/** Below this size the headers of a compressed answer outweigh the saving. */
const MIN_BYTES = 1024;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the build, once, at the best levels:
 * the server (@fastify/static `preCompressed`) then sends whichever the browser accepts without compressing
 * on each request. A compressed copy that saves nothing is not written.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'baomi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}

/** Writes the .br and .gz copies for every compressible file under `dir` (the build's output). */
export function precompressDir(dir: string): void {
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const data = fs.readFileSync(file);
    if (data.length < MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = zlib.gzipSync(data, { level: zlib.constants.Z_BEST_COMPRESSION });
    if (br.length < data.length) fs.writeFileSync(`${file}.br`, br);
    if (gz.length < data.length) fs.writeFileSync(`${file}.gz`, gz);
  }
}
