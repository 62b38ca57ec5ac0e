// Web Push (RFC 8030/8291/8292) to browsers that registered with the H5 app. The web-push package
// encrypts the payload and signs the VAPID header; we post the request ourselves so the push
// service URL may be any http(s) endpoint (tests run a fake one on loopback).
import fs from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import webpush from 'web-push';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ConfigError } from '../../config/config-error';
import { pushEndpointProblem } from './push-endpoint';

export interface BrowserSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export class PushSendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PushSendError';
  }

  /** 404/410: the browser unsubscribed; the subscription must be dropped, not retried. */
  get gone(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

@Injectable()
export class WebPushSender {
  private readonly logger = new Logger('WebPush');
  readonly keys: VapidKeys;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = this.loadKeys();
  }

  async send(subscription: BrowserSubscription, payload: { title: string; body: string; url: string }, timeoutMs = 8000): Promise<void> {
    // Checked again at send time: a subscription stored before the rule (or the host list) changed.
    const problem = pushEndpointProblem(subscription.endpoint, this.config.notifications.pushEndpoints);
    if (problem) throw new PushSendError(410, `endpoint refused: ${problem}`);
    const details = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: { subject: this.config.notifications.vapid.subject, publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
        TTL: 24 * 3600,
        urgency: 'high',
      },
    );
    let res: Response;
    try {
      res = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body ?? undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new PushSendError(0, `network: ${(err as Error).message}`);
    }
    if (res.status < 200 || res.status >= 300) {
      throw new PushSendError(res.status, `push service answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
  }

  /** Configured keys; in demo mode only, the pair generated on first start and kept in the data directory. */
  private loadKeys(): VapidKeys {
    const { publicKey, privateKey } = this.config.notifications.vapid;
    if (publicKey && privateKey) return { publicKey, privateKey };
    if (!this.config.demo) throw new ConfigError(['VAPID_PUBLIC_KEY: Web Push keys are required outside demo mode']);
    const file = path.join(this.config.dataDir, 'vapid.json');
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as VapidKeys;
      if (stored.publicKey && stored.privateKey) return stored;
    } catch {
      // first start: generate below
    }
    const generated = webpush.generateVAPIDKeys();
    fs.mkdirSync(this.config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(generated), { mode: 0o600 });
    this.logger.log(`generated VAPID keys in ${file}`);
    return generated;
  }
}
