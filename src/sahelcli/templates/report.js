(function () {
  "use strict";
  // Live countdowns: only when the report was made for "now" (no --as-of).
  if (document.body.getAttribute("data-live") !== "1") {
    return;
  }
  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
  function countdown(ms) {
    var past = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000);
    var text = Math.floor(s / 86400) + "d " + pad(Math.floor((s % 86400) / 3600)) + "h " +
      pad(Math.floor((s % 3600) / 60)) + "m " + pad(s % 60) + "s";
    return past ? "expired " + text + " ago" : text + " left";
  }
  function tick() {
    var now = Date.now();
    var items = document.querySelectorAll("[data-expires][data-status='open']");
    for (var i = 0; i < items.length; i++) {
      items[i].textContent = countdown(Date.parse(items[i].getAttribute("data-expires")) - now);
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
