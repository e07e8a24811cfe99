// Follows a running simulation: asks for its progress every second, moves the bar, and
// reloads the page (which then shows the results or the failure) once the run has finished.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  var bar = document.getElementById("run-progress");
  var text = document.getElementById("progress-text");
  var label = document.getElementById("run-status-label");
  var template = text ? text.textContent.replace(/\d+%/, "{percent}%") : "";

  function show(percent) {
    if (bar) { bar.value = percent; bar.textContent = percent + "%"; }
    if (text) { text.textContent = template.replace("{percent}", String(percent)); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        show(status.progress);
        if (label && status.label) { label.textContent = status.label; }
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // A dropped connection or a busy server: keep trying, a little more slowly.
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
}());
