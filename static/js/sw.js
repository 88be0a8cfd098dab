/* Wegweiser's service worker: the shell, bookmarked offers and the last results page, for reading offline.
   Nothing is fetched ahead of the reader: the shell at installation, a bookmarked offer when it is
   bookmarked (by the page), the last results page when the reader opened it. Everything else goes to the
   network as usual; the cache answers only when the network does not. */
"use strict";
var SHELL = [/*SHELL*/];
var SHELL_CACHE = "wegweiser-shell-/*VERSION*/";
var BOOKMARKS = "wegweiser-merkliste";
var RESULTS = "wegweiser-ergebnisse";
var KEEP = [SHELL_CACHE, BOOKMARKS, RESULTS];
var FIND = { ignoreVary: true };

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("wegweiser-") === 0 && KEEP.indexOf(name) < 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keepLastResults(request, response) {
  return caches.open(RESULTS).then(function (cache) {
    return cache.keys().then(function (old) {
      return Promise.all(old.map(function (key) { return cache.delete(key); }));
    }).then(function () { return cache.put(request, response); });
  });
}

function refreshBookmark(path, response) {
  return caches.open(BOOKMARKS).then(function (cache) {
    return cache.match(path, FIND).then(function (found) {
      return found ? cache.put(path, response) : null;
    });
  });
}

function fromCache(request, url) {
  return caches.match(request, FIND).then(function (found) {
    return found || caches.open(BOOKMARKS).then(function (cache) {
      return cache.match(url.pathname, { ignoreVary: true, ignoreSearch: true });
    });
  }).then(function (found) {
    if (found || url.pathname !== "/search") { return found; }
    return caches.open(RESULTS).then(function (cache) {
      return cache.keys().then(function (keys) { return keys.length ? cache.match(keys[0], FIND) : null; });
    });
  }).then(function (found) {
    return found || caches.match(SHELL[0], { ignoreVary: true, ignoreSearch: true });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/curate") === 0) {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, FIND).then(function (found) { return found || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      var stored = url.pathname === "/search" ? keepLastResults(request, copy) : refreshBookmark(url.pathname, copy);
      event.waitUntil(stored.catch(function () {}));
    }
    return response;
  }).catch(function () {
    return fromCache(request, url).then(function (found) { return found || Response.error(); });
  }));
});
