// What a photo costs the server: a 12-megapixel JPEG (4000×3000, a camera's, with EXIF) uploaded
// through POST /api/media, which decodes it, re-encodes it without EXIF (mozjpeg) and makes its
// thumbnail. Each phase runs against a fresh API process (demo mode, SQLite) whose resident set
// this process samples every 10 ms from /proc (and reads the kernel's high-water mark, VmHWM, at
// the end):
//   single  uploads one after another: time per upload, peak RSS
//   four    4 uploads at once, several rounds: time per round, peak RSS (the bound: < 300 MB)
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/photos.bench.mjs [--uploads 5] [--rounds 3] [--plain-env]
/* global FormData, Blob -- Node 20 has both */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serverProcessEnv } from '../scripts/server-env.mjs';
import { devLogin, requireServer, startDemoApi } from './lib/api.mjs';

const self = fileURLToPath(import.meta.url);

const { values } = parseArgs({
  options: {
    uploads: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    side: { type: 'string' },
    'plain-env': { type: 'boolean', default: false },
  },
});

const send = (message) =>
  new Promise((resolve, reject) => process.send(message, (err) => (err ? reject(err) : resolve())));

/** The API in its own process: its resident set is what is measured. */
async function sideApi() {
  const { url, dataDir } = await startDemoApi('photos', { HOTLINE_MEDIA_DAILY_QUOTA: '10000' });
  const token = await devLogin(url, 'resident');
  process.on('message', (m) => {
    if (m.type === 'exit') {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  await send({ type: 'ready', url, token });
}

/** A photo-like 12 MP JPEG: smooth gradients with grain, EXIF with an orientation and GPS. */
async function cameraJpeg() {
  const sharp = requireServer('sharp');
  const width = 4000;
  const height = 3000;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const grain = (rnd() - 0.5) * 24;
      raw[i] = Math.max(0, Math.min(255, 90 + 120 * Math.sin(x / 700) + grain));
      raw[i + 1] = Math.max(0, Math.min(255, 110 + 90 * Math.cos(y / 500) + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 128 + 100 * Math.sin((x + y) / 900) + grain));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Phone 12MP', Orientation: '6' }, IFD3: { GPSLatitudeRef: 'N' } })
    .toBuffer();
}

function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function withApi(work) {
  // The environment `npm start` gives the API (scripts/server-env.mjs); --plain-env leaves it out.
  const env = values['plain-env'] ? process.env : serverProcessEnv(process.env);
  const child = fork(self, ['--side', 'api'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`api exited with ${code}`)));
  });
  const idle = rssOf(child.pid).rss;
  let peak = idle;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(child.pid).rss);
    } catch {
      // the process is gone
    }
  }, 10);
  try {
    const result = await work(ready);
    const { hwm } = rssOf(child.pid);
    return { ...result, idle, peak: Math.max(peak, hwm) };
  } finally {
    clearInterval(sampler);
    child.send({ type: 'exit' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function upload({ url, token }, jpeg) {
  const form = new FormData();
  form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'IMG_0001.jpg');
  const t = performance.now();
  const res = await fetch(`${url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms: performance.now() - t, width: body.width, height: body.height };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (values.side === 'api') return sideApi();
  const jpeg = await cameraJpeg();
  const uploads = Number(values.uploads);
  const rounds = Number(values.rounds);
  console.log(
    `API environment: ${values['plain-env'] ? 'as inherited' : 'scripts/server-env.mjs (MALLOC_MMAP_THRESHOLD_=131072, MALLOC_ARENA_MAX=2)'}`,
  );
  console.log(
    `12 MP JPEG (4000×3000, ${(jpeg.length / 1024 / 1024).toFixed(2)} MB, EXIF orientation 6), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );

  const single = await withApi(async (api) => {
    await upload(api, jpeg); // warm-up: libvips loads its codecs
    const ms = [];
    for (let i = 0; i < uploads; i++) ms.push((await upload(api, jpeg)).ms);
    return { ms };
  });
  console.log(
    `one at a time (${uploads}): median ${median(single.ms).toFixed(0)} ms per upload (min ${Math.min(...single.ms).toFixed(0)}, max ${Math.max(...single.ms).toFixed(0)}); RSS idle ${single.idle.toFixed(0)} MB, peak ${single.peak.toFixed(0)} MB`,
  );

  const four = await withApi(async (api) => {
    const ms = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      await Promise.all(Array.from({ length: 4 }, () => upload(api, jpeg)));
      ms.push(performance.now() - t);
    }
    return { ms };
  });
  console.log(
    `4 at once (${rounds} rounds): median ${median(four.ms).toFixed(0)} ms for the four; RSS idle ${four.idle.toFixed(0)} MB, peak ${four.peak.toFixed(0)} MB (bound 300 MB: ${four.peak < 300 ? 'kept' : 'EXCEEDED'})`,
  );
  if (four.peak >= 300) process.exitCode = 1;
}

await main();
