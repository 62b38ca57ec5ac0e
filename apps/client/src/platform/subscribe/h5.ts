// Browser notifications: Web Push through the service worker (sw.js) with the server's VAPID key.
// The done screen asks nothing here; the settings page turns it on.
import type { PushSubscriptionRequest } from '@hotline/core';
import type { SubscribeApi } from './weapp';

export const canSubscribe: boolean = false;

export function requestSubscriptions(_api: SubscribeApi, _templateIds: readonly string[]): Promise<number> {
  return Promise.resolve(0);
}

export interface PushApi {
  vapidPublicKey(): Promise<{ publicKey: string }>;
  savePushSubscription(body: PushSubscriptionRequest): Promise<{ id: string }>;
}

function keyBytes(base64url: string): Uint8Array {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export async function enableNotifications(api: PushApi): Promise<'on' | 'denied' | 'unsupported'> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof PushManager === 'undefined')
    return 'unsupported';
  // Only production builds register sw.js; without it `ready` would never settle.
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const { publicKey } = await api.vapidPublicKey();
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey) as BufferSource,
  });
  await api.savePushSubscription(subscription.toJSON() as PushSubscriptionRequest);
  return 'on';
}
