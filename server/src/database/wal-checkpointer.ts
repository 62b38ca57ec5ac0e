// Copies the SQLite WAL back into the database file on a worker thread, so that work stays off
// the event loop that answers requests.
//
// Why: SQLite checkpoints from inside the commit that pushes the WAL past its autocheckpoint size,
// so one commit in a few hundred copied thousands of pages (and synced the file) while every
// request waited on the one event loop. Measured with bench/submit.bench.mjs (docs/benchmarks.md):
// a filing's commit 82–104 → 58 µs and the filings' p99 latency 39 → 26–28 ms (two A/Bs); the throughput
// on a 2-core box whose other core runs the load generator stayed the same. A second connection
// on a worker thread runs PASSIVE checkpoints (they never block the writer or the readers).
//
// The WAL stays bounded as before: the API's own connection keeps its autocheckpoint as the
// backstop. Once the worker has copied the frames, that checkpoint finds little or nothing left to
// copy, and the next write starts the WAL again from its beginning.
import { Worker } from 'node:worker_threads';

/** How often the worker looks for frames to copy. */
export const WAL_CHECKPOINT_EVERY_MS = 50;

/** The worker's code: its own connection, a PASSIVE checkpoint per tick, closed on "stop". */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
// A checkpoint that meets a busy lock gives up at once and tries again on the next tick.
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
// PRAGMA wal_checkpoint answers how many of the WAL's frames are in the database file by now
// (a running total for the current WAL, not what this pass added): the last answer is kept.
let backfilled = 0;
// A failure is told once, not on every tick it lasts (a full disk would flood the log).
let failing = null;
const timer = setInterval(() => {
  try {
    const row = checkpoint.get();
    if (row && row.checkpointed >= 0) backfilled = row.checkpointed;
    failing = null;
  } catch (error) {
    const message = String(error && error.message);
    if (message !== failing) parentPort.postMessage({ type: 'error', message });
    failing = message;
  }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'stats') parentPort.postMessage({ type: 'stats', backfilled });
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface WalCheckpointer {
  /** Frames of the current WAL already in the database file, as the worker's last pass found (0 once stopped). */
  backfilled(): Promise<number>;
  /** Stops the worker after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  file: string,
  options: { everyMs?: number; onError?: (message: string) => void } = {},
): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver: require.resolve('better-sqlite3'),
      everyMs: options.everyMs ?? WAL_CHECKPOINT_EVERY_MS,
    },
  });
  // A process that forgets to close its database still exits.
  worker.unref();
  let running = true;
  const waiting: Array<(backfilled: number) => void> = [];
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      for (const answer of waiting.splice(0)) answer(0);
      resolve();
    }),
  );
  worker.on('message', (message: { type: string; backfilled?: number; message?: string }) => {
    if (message.type === 'stats') waiting.shift()?.(message.backfilled ?? 0);
    if (message.type === 'error') options.onError?.(message.message ?? '');
  });
  // Without the worker the API's own autocheckpoint still keeps the WAL bounded.
  worker.on('error', (error) => options.onError?.(error.message));
  return {
    backfilled: () =>
      new Promise<number>((resolve) => {
        if (!running) return resolve(0);
        waiting.push(resolve);
        worker.postMessage('stats');
      }),
    stop: async () => {
      // Held while it stops, or a process with nothing else to do exits before the worker has.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
