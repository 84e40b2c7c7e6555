// Digitale Fremskritt: progressive enhancement only; every page works without it (timestamps link to the media file).
// Timestamps seek the page's player; #t=SECONDS in the address starts the player there (search results use it).
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
    var link = event.target.closest ? event.target.closest("a.t[data-t]") : null;
    if (!link || !player) { return; }
    event.preventDefault();
    var seconds = parseFloat(link.getAttribute("data-t"));
    history.replaceState(null, "", "#t=" + seconds);
    seek(seconds, true);
    player.focus();
  });

  if (player) {
    var start = fromHash();
    if (!isNaN(start)) {
      seek(start, false);
      var cue = document.getElementById("t" + Math.floor(start));
      if (cue) { cue.classList.add("now"); cue.scrollIntoView({ block: "center" }); }
    }
    window.addEventListener("hashchange", function () { seek(fromHash(), true); });
  }
})();
