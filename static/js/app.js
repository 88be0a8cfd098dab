/* Wegweiser on the phone: the offline worker, share, and the bookmark list ("Merkliste").
   Progressive enhancement: without JavaScript the page works as it is; the bookmark button and the link to
   the bookmark list stay hidden, and the share box still opens with a copyable link.
   Bookmarks stay in this browser (localStorage); no cookie, nothing is sent to the server. Bookmarking
   stores that one offer's page in the offline cache, nothing more. */
(function () {
  "use strict";
  var KEY = "wegweiser.merkliste";
  var CACHE = "wegweiser-merkliste";

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function storageWorks() {
    try {
      localStorage.setItem(KEY + ".test", "1");
      localStorage.removeItem(KEY + ".test");
      return true;
    } catch (e) {
      return false;
    }
  }

  function load() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    localStorage.setItem(KEY, JSON.stringify(list));
  }

  function has(path) {
    return load().some(function (item) { return item.path === path; });
  }

  function keepOffline(path) {
    if ("caches" in window) {
      return caches.open(CACHE).then(function (cache) { return cache.add(path); }).catch(function () {});
    }
    return Promise.resolve();
  }

  function forgetOffline(path) {
    if ("caches" in window) {
      caches.open(CACHE).then(function (cache) { return cache.delete(path); }).catch(function () {});
    }
  }

  function add(path, title) {
    var list = load().filter(function (item) { return item.path !== path; });
    list.unshift({ path: path, title: title, saved: new Date().toISOString() });
    save(list);
    return keepOffline(path);
  }

  function remove(path) {
    save(load().filter(function (item) { return item.path !== path; }));
    forgetOffline(path);
  }

  function setUpShare() {
    each("[data-share]", function (box) {
      var summary = box.querySelector("summary");
      if (navigator.share && summary) {
        summary.addEventListener("click", function (event) {
          event.preventDefault();
          navigator.share({ title: box.getAttribute("data-title"), url: box.getAttribute("data-url") })
            .catch(function () { box.open = true; });
        });
      }
      var copy = box.querySelector("[data-copy]");
      var status = box.querySelector("[data-copy-status]");
      var input = box.querySelector("input");
      if (copy && input && navigator.clipboard && window.isSecureContext) {
        copy.hidden = false;
        copy.addEventListener("click", function () {
          navigator.clipboard.writeText(input.value).then(function () {
            if (status) { status.textContent = copy.getAttribute("data-msg-copied"); }
          }, function () { input.select(); });
        });
      }
    });
  }

  function setUpButtons() {
    var status = document.querySelector("[data-bookmark-status]");
    each("[data-bookmark]", function (button) {
      var path = button.getAttribute("data-path");
      button.setAttribute("aria-pressed", has(path) ? "true" : "false");
      button.hidden = false;
      button.addEventListener("click", function () {
        var saved = has(path);
        if (saved) {
          remove(path);
        } else {
          button.setAttribute("data-caching", "1");
          add(path, button.getAttribute("data-title")).then(function () {
            button.removeAttribute("data-caching");
          });
        }
        button.setAttribute("aria-pressed", saved ? "false" : "true");
        if (status) {
          status.textContent = button.getAttribute(saved ? "data-msg-removed" : "data-msg-added");
        }
      });
    });
  }

  function setUpList() {
    var box = document.querySelector("[data-bookmark-list]");
    if (!box) {
      return;
    }
    var items = box.querySelector("[data-bookmark-items]");
    var empty = box.querySelector("[data-bookmarks-empty]");
    var removeLabel = box.getAttribute("data-msg-remove") || "";
    function render() {
      var list = load();
      items.textContent = "";
      list.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "bookmark";
        var link = document.createElement("a");
        link.href = item.path;
        link.textContent = item.title || item.path;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = "×";
        button.setAttribute("aria-label", removeLabel + " " + (item.title || item.path));
        button.addEventListener("click", function () {
          remove(item.path);
          render();
        });
        li.appendChild(link);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button);
        items.appendChild(li);
      });
      empty.hidden = list.length > 0;
    }
    render();
  }

  function start() {
    setUpShare();
    if (!storageWorks()) {
      return;
    }
    each("[data-bookmarks-link]", function (item) { item.hidden = false; });
    setUpButtons();
    setUpList();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
