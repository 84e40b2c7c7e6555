// Digitale Fremskritt: progressive enhancement only; every page works without it (timestamps link to the media file).
// Timestamps (transcript "#t=SECONDS", chapters "<media>#t=SECONDS") seek the page's player; #t=SECONDS in the address starts the player
// there (search results use it) and marks the paragraph.
(function () {
  "use strict";
  var player = document.getElementById("spiller");

  function seek(seconds, play) {
    if (!player || !isFinite(seconds)) { return; }
    var go = function () {
      player.currentTime = seconds;
      if (play) { var p = player.play(); if (p && p.catch) { p.catch(function () {}); } }
    };
    if (player.readyState >= 1) { go(); } else { player.addEventListener("loadedmetadata", go, { once: true }); player.load(); }
  }

  function fromHash() {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    return match ? parseFloat(match[1]) : NaN;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".transcript p > a, a.t") : null;
    var at = link ? /#t=(\d+(?:\.\d+)?)$/.exec(link.getAttribute("href")) : null;
    if (!at || !player) { return; }
    event.preventDefault();
    var seconds = parseFloat(at[1]);
    history.replaceState(null, "", "#t=" + seconds);
    seek(seconds, true);
    player.focus();
  });

  // The transcript paragraph whose time link has the id "t<second>" (the id sits on the link, not on the paragraph,
  // so that Pagefind's anchors for it carry no copy of the paragraph's text).
  function paragraphAt(seconds) {
    var link = document.getElementById("t" + Math.floor(seconds));
    return link ? link.parentNode : null;
  }

  if (player) {
    var start = fromHash();
    if (!isNaN(start)) {
      seek(start, false);
      var paragraph = paragraphAt(start);
      if (paragraph) { paragraph.classList.add("now"); paragraph.scrollIntoView({ block: "center" }); }
    }
    window.addEventListener("hashchange", function () {
      var seconds = fromHash();
      seek(seconds, true);
      var marked = document.querySelector(".transcript p.now");
      if (marked) { marked.classList.remove("now"); }
      var paragraph = paragraphAt(seconds);
      if (paragraph) { paragraph.classList.add("now"); }
    });
  }

  // Search page: Pagefind's JS API (loaded only here), results deep-linked to the moment in the episode.
  var results = document.getElementById("treff");
  var form = document.querySelector("form.search");
  if (results && form) {
    var input = form.querySelector("input[name=q]");
    var root = form.getAttribute("data-root") || "../";
    var pagefind = null;

    function text(tag, value, cls) {
      var el = document.createElement(tag);
      el.textContent = value;
      if (cls) { el.className = cls; }
      return el;
    }

    // The transcript cue (an element id "t<seconds>") nearest before the first match: where the player should start.
    function moment(data) {
      var first = data.locations && data.locations.length ? data.locations[0] : 0;
      var best = null;
      (data.anchors || []).forEach(function (a) {
        if (/^t\d+$/.test(a.id) && a.location <= first && (!best || a.location >= best.location)) { best = a; }
      });
      return best ? parseInt(best.id.substring(1), 10) : null;
    }

    // Results come five at a time, like Pagefind's own UI: each result's data (its fragment: the page text for the
    // excerpt) is fetched only when it is shown, so one search stays light however long the transcripts are.
    var PageSize = 5;

    function show(search, from, list, more) {
      var next = search.results.slice(from, from + PageSize);
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (found) {
        found.forEach(function (data) {
          var item = document.createElement("li");
          var at = moment(data);
          var link = text("a", (data.meta && data.meta.title) || data.url);
          link.href = root + data.url.replace(/^\//, "") + (at === null ? "" : "#t=" + at);
          var heading = document.createElement("h2");
          heading.appendChild(link);
          item.appendChild(heading);
          if (at !== null) { item.appendChild(text("p", "Fra " + Math.floor(at / 60) + ":" + String(at % 60).padStart(2, "0") + " i opptaket", "meta")); }
          var excerpt = document.createElement("p");
          excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only its <mark> tags are markup
          item.appendChild(excerpt);
          list.appendChild(item);
        });
        var shown = from + found.length;
        more.hidden = shown >= search.results.length;
        more.onclick = function () {
          more.disabled = true;
          var firstNew = list.children.length;
          show(search, shown, list, more).then(function () {
            more.disabled = false;
            var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
            if (link) { link.focus(); }
          });
        };
      });
    }

    function run(query) {
      results.textContent = "";
      if (!query) { return; }
      results.appendChild(text("p", "Søker …"));
      // In the page's own thread: the search is small, and a worker would be one more script to download.
      var load = pagefind ? Promise.resolve(pagefind)
        : import(root + "pagefind/pagefind.js").then(function (m) { return m.options({ noWorker: true }).then(function () { pagefind = m; return m; }); });
      load.then(function (api) { return api.search(query); })
        .then(function (search) {
          var count = search.results.length;
          var status = text("p", count === 0 ? "Ingen treff på «" + query + "»." : count + " treff på «" + query + "»:");
          var list = document.createElement("ol");
          var more = text("button", "Vis flere treff");
          more.type = "button";
          more.hidden = true;
          return show(search, 0, list, more).then(function () {
            results.textContent = "";
            results.appendChild(status);
            if (count > 0) { results.appendChild(list); results.appendChild(more); }
          });
        })
        .catch(function () { results.textContent = ""; results.appendChild(text("p", "Søket er ikke tilgjengelig akkurat nå.")); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value.trim());
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial.trim()); }
  }
})();
