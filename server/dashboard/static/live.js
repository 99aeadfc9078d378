// The Live page: turns arrive as server-sent events carrying the turn's HTML (rendered and escaped by
// the server); a turn seen before is replaced in place, a new one goes on top.
(function () {
  "use strict";
  var list = document.getElementById("turns");
  if (!list || !window.EventSource) { return; }
  var status = document.getElementById("live-status");
  var source = new EventSource(list.getAttribute("data-stream"));
  source.addEventListener("open", function () { status.textContent = ""; list.setAttribute("data-connected", "1"); });
  source.addEventListener("error", function () { status.textContent = status.getAttribute("data-lost"); });
  source.addEventListener("turn", function (event) {
    var turn = JSON.parse(event.data);
    var holder = document.createElement("ul");
    holder.innerHTML = turn.html;
    var fresh = holder.firstElementChild;
    var old = document.getElementById("turn-" + turn.number);
    if (old) { old.replaceWith(fresh); } else { list.insertBefore(fresh, list.firstChild); }
  });
  // hx-boost swaps the page without unloading it: close the stream when its list leaves the page
  document.addEventListener("htmx:beforeSwap", function () { source.close(); }, { once: true });
})();
