// Bounds CPU-heavy work (image decoding and re-encoding): at most `concurrency` jobs run, at most
// `maxWaiting` wait, and the next one is refused at once rather than queued without limit. A
// flood of uploads then costs the server a fixed amount of memory and CPU, and the caller gets
// 503 MEDIA_BUSY with Retry-After instead of a request that hangs until it times out.
import { DomainError } from '@hotline/core';

export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    private readonly retryAfterSeconds = 5,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw Object.assign(new DomainError('MEDIA_BUSY'), { retryAfterSeconds: this.retryAfterSeconds });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
