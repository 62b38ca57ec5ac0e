// HEIC/HEIF photos (iPhones' default). sharp's prebuilt libvips cannot decode HEVC, so libheif
// compiled to WebAssembly (npm heic-decode → libheif-js) decodes them to RGBA. That decode is
// synchronous and takes about a second for 12 MP, so it runs in one worker thread, never on the
// event loop, one photo at a time. A wasm heap only grows: the worker ends when idle to give the
// memory back. See docs/decisions/0004-heic-decoding.md.
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { WorkGate } from './work-gate';

interface Box {
  type: string;
  start: number;
  end: number;
}

function* boxes(bytes: Buffer, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) return;
    yield { type: bytes.toString('latin1', at + 4, at + 8), start: at + header, end: at + size };
    at += size;
  }
}

const child = (bytes: Buffer, parent: Box, type: string, skip = 0) =>
  [...boxes(bytes, parent.start + skip, parent.end)].find((b) => b.type === type);

/**
 * The largest pixel count any image of the file declares in its `ispe` box (meta/iprp/ipco),
 * read without libheif; 0 when there is none to read. Every HEIF image item must carry one.
 */
export function largestDeclaredHeifPixels(bytes: Buffer): number {
  const meta = [...boxes(bytes, 0, bytes.length)].find((b) => b.type === 'meta');
  // meta and ispe are full boxes: 4 bytes of version and flags come first.
  const iprp = meta && child(bytes, meta, 'iprp', 4);
  const ipco = iprp && child(bytes, iprp, 'ipco');
  if (!ipco) return 0;
  let largest = 0;
  for (const box of boxes(bytes, ipco.start, ipco.end)) {
    if (box.type !== 'ispe' || box.end - box.start < 12) continue;
    largest = Math.max(largest, bytes.readUInt32BE(box.start + 4) * bytes.readUInt32BE(box.start + 8));
  }
  return largest;
}

export interface DecodedHeif {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows without padding; libheif has already applied irot/imir. */
  rgba: Buffer;
}

export class HeifTooLargeError extends Error {}
export class HeifUnreadableError extends Error {}

const DECODE_TIMEOUT_MS = 30_000;
const HEIF_QUEUE = 4;
const IDLE_MS = 60_000;

// Plain JS run with eval so the same code works from ts sources (jest) and from dist. libheif-js
// reports failures with console.log; inside the worker they become the error text instead of
// lines in the server's JSON log.
const workerSource = (heicDecodePath: string) => `
const { parentPort } = require('node:worker_threads');
let said = '';
console.log = (...args) => { said = args.map(String).join(' '); };
const decodeHeic = require(${JSON.stringify(heicDecodePath)});
parentPort.on('message', async ({ bytes, maxPixels }) => {
  said = '';
  let images;
  try {
    images = await decodeHeic.all({ buffer: new Uint8Array(bytes) });
    const image = images[0];
    if (!image || !image.width || !image.height) throw new Error('no image with a size');
    if (image.width * image.height > maxPixels) return parentPort.postMessage({ tooLarge: true });
    const { width, height, data } = await image.decode();
    parentPort.postMessage({ width, height, data: data.buffer }, [data.buffer]);
  } catch (err) {
    parentPort.postMessage({ error: [err && err.message, said].filter(Boolean).join(': ') });
  } finally {
    if (images) images.dispose();
  }
});
`;

type Reply = { tooLarge: true } | { error: string } | { width: number; height: number; data: ArrayBuffer };

@Injectable()
export class HeifDecoder implements OnModuleDestroy {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** One decode at a time in the worker (libheif's wasm is single-threaded); a few may wait, the rest are refused. */
  readonly gate = new WorkGate(1, HEIF_QUEUE);

  /** Decodes the primary image; refuses (HeifTooLargeError) from the image handle's size, before decoding, when it has more than maxPixels. */
  decode(bytes: Buffer, maxPixels: number): Promise<DecodedHeif> {
    return this.gate.run(() => this.run(bytes, maxPixels));
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private run(bytes: Buffer, maxPixels: number): Promise<DecodedHeif> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = (this.worker ??= this.start());
    const copy = new Uint8Array(bytes);
    return new Promise<DecodedHeif>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure);
        this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS).unref();
      };
      const onMessage = (reply: Reply) => {
        settle();
        if ('tooLarge' in reply) reject(new HeifTooLargeError('too many pixels'));
        else if ('error' in reply) reject(new HeifUnreadableError(reply.error));
        else resolve({ width: reply.width, height: reply.height, rgba: Buffer.from(reply.data) });
      };
      // A wasm abort or an exception libheif-js throws outside its promise ends the worker.
      const onFailure = (err?: unknown) => {
        settle();
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        reject(new HeifUnreadableError(err instanceof Error ? err.message : 'HEIF worker stopped'));
      };
      const timer = setTimeout(() => onFailure(new Error('HEIF decode timed out')), DECODE_TIMEOUT_MS);
      worker.on('message', onMessage).on('error', onFailure).on('exit', onFailure);
      worker.postMessage({ bytes: copy.buffer, maxPixels }, [copy.buffer]);
    });
  }

  private start(): Worker {
    const worker = new Worker(workerSource(require.resolve('heic-decode')), { eval: true });
    worker.unref();
    return worker;
  }

  private async stop(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
