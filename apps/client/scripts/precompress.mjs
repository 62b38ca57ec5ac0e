// After `taro build --type h5`: writes a Brotli (.br) and a gzip (.gz) copy beside every text asset
// of dist/h5, so the server sends compressed bytes without compressing on each request.
// Usage: node scripts/precompress.mjs [dir]   (default dist/h5)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(clientRoot, process.argv[2] ?? 'dist/h5');
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.json', '.webmanifest', '.svg', '.txt', '.map']);

function* files(root) {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.has(path.extname(entry.name))) yield full;
  }
}

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`precompress: ${path.relative(process.cwd(), dir)} has no index.html; build the H5 app first`);
  process.exit(1);
}

let raw = 0;
let brotli = 0;
let gzip = 0;
let count = 0;
for (const file of files(dir)) {
  const body = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION });
  // A copy no smaller than the file would only cost the browser a decode.
  if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  raw += body.length;
  brotli += Math.min(br.length, body.length);
  gzip += Math.min(gz.length, body.length);
  count++;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`precompress: ${count} files, ${kb(raw)} → ${kb(brotli)} Brotli, ${kb(gzip)} gzip`);
