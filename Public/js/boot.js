// A classic script that runs even when a module fails to load or parse: if the dashboard has not
// started after a while, say so on the page instead of leaving "Connecting…" forever.
(function () {
  'use strict';
  window.setTimeout(function () {
    if (document.documentElement.getAttribute('data-booted')) return;
    var status = document.getElementById('status');
    var text = document.getElementById('status-text');
    if (!status || !text) return;
    status.setAttribute('data-state', 'error');
    text.textContent = 'The dashboard’s scripts did not start in this browser (it needs JavaScript modules). Reload, or use the JSON routes linked at the bottom.';
  }, 8000);
})();
