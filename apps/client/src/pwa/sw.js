// The H5 app's service worker: keeps the app shell (index.html and the hashed JS/CSS it loads)
// so the app opens on a bad network, and shows Web Push notifications ({ title, body, url }).
// API answers hold personal data and are never cached: /api goes straight to the network.
/* global self, caches */
const SHELL_CACHE = 'hotline-shell-v1';
const SHELL_URL = '/index.html';

// The hashed file names change with every build: read them from the index.html being installed.
async function cacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  const response = await fetch(SHELL_URL, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`index.html answered ${response.status}`);
  const html = await response.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/(?:js|css|static|icons)\/[^"]+|\/manifest\.webmanifest)"/g)].map(
    (m) => m[1],
  );
  await cache.put(SHELL_URL, response);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL_CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function networkFirstPage(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    // Every client-side route answers the same index.html: keep the newest one.
    if (response.ok) await cache.put(SHELL_URL, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL_URL);
    if (cached) return cached;
    throw error;
  }
}

// Hashed assets never change under one name: cache first, and keep lazily loaded chunks too.
async function cacheFirstAsset(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(networkFirstPage(request));
  else if (/^\/(js|css|static|icons)\//.test(url.pathname)) event.respondWith(cacheFirstAsset(request));
});

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || '12345', {
      body: message.body || '',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'zh-CN',
      data: { url: message.url || '/' },
    }),
  );
});

// A tap on a notification opens its case (the push's url) in an open window of the app, or a
// new one. The window is navigated before it is focused: focusing may be refused (no user
// activation left), and the case must open all the same.
async function openNotificationTarget(url) {
  const target = new URL(url || '/', self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url === target) ?? windows[0];
  if (!open) return self.clients.openWindow(target);
  const shown = open.url !== target && 'navigate' in open ? ((await open.navigate(target)) ?? open) : open;
  await shown.focus().catch(() => undefined);
  return shown;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const opening = openNotificationTarget(event.notification.data?.url);
  // Only an event from the browser may keep the worker alive (a test dispatches its own).
  if (event.isTrusted) event.waitUntil(opening);
});
