// The MaD Toolkit's service worker (a small worker written to the Service Worker standard).
// `MAD` (its settings: cache version and URLs) is put in front of this file by core/web/offline.py.
//
// What it keeps on the device, and nothing else: the app's shell (styles, scripts, fonts, icons),
// the offline pages and the force's service directory. Pages with victims' details (crimes,
// messages, the sandbox) are never stored: only the URLs in the allow-list below go into the cache.
"use strict";

const CACHE = MAD.version;
const PRECACHE = [...MAD.shell, MAD.offlinePage, MAD.directoryPage, MAD.directoryData];

function mayKeep(url) {
  // The allow-list: a response is cached only when its URL is one of these.
  return url.pathname.startsWith(MAD.staticPrefix) || PRECACHE.includes(url.pathname);
}

async function keep(request, response) {
  // Only a complete, same-origin, non-redirected answer (a redirect means signed out).
  if (response && response.ok && !response.redirected && response.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of PRECACHE) {
      try {
        await keep(new Request(url, { credentials: "same-origin" }), await fetch(url, { credentials: "same-origin" }));
      } catch (error) {
        // No signal while installing: the next visit online fills the cache.
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCache(path) {
  const cache = await caches.open(CACHE);
  return cache.match(path, { ignoreSearch: true });
}

async function networkThenCache(request) {
  // The directory's data: fresh when there is signal (and kept), the device's copy when not.
  try {
    return await keep(request, await fetch(request));
  } catch (error) {
    return (await fromCache(new URL(request.url).pathname)) || Response.error();
  }
}

async function page(request) {
  // Pages always come from the server; without signal, the offline pages stand in.
  try {
    const response = await fetch(request);
    const url = new URL(request.url);
    if (request.method === "GET" && PRECACHE.includes(url.pathname)) await keep(request, response.clone());
    return response;
  } catch (error) {
    const url = new URL(request.url);
    const isDirectory = request.method === "GET" && url.pathname.startsWith(MAD.directoryPrefix);
    return (await fromCache(isDirectory ? MAD.directoryPage : MAD.offlinePage))
      || new Response("You are offline. Nothing has been sent.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

async function keepDirectory() {
  // Asked by the pages (signed in, with signal): refresh the device's copy of the directory.
  for (const url of [MAD.directoryPage, MAD.directoryData]) {
    try {
      await keep(new Request(url), await fetch(url, { credentials: "same-origin" }));
    } catch (error) {
      // no signal: keep the copy there is
    }
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "keep-directory") event.waitUntil(keepDirectory());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (request.method === "GET" && url.pathname === MAD.directoryData) {
    event.respondWith(networkThenCache(request));
  } else if (request.method === "GET" && mayKeep(url)) {
    // The shell: the device's copy first (it is versioned with the build), else the network.
    event.respondWith((async () => (await fromCache(url.pathname)) || keep(request, await fetch(request)))());
  }
  // Everything else (forms, victims' pages' assets) goes to the network untouched, and is never kept.
});
