/* Site-wide progressive enhancements; every page works without this file.
   1. A form's error summary takes focus (screen readers announce it first) and the page title
      gains "Error:" in the reader's language.
   2. Staff sessions end after a period without a request: two minutes before, a dialog offers to
      stay signed in; if nobody answers, what was typed into the page's forms is kept in this tab
      and put back after signing in again.
   3. Tables drawn as stacked cards on a phone (table.stack, site.css) keep their table roles,
      which some browsers drop once a table is no longer displayed as one. */
(function () {
  "use strict";
  var body = document.body;

  var summary = document.querySelector(".error-summary") || document.querySelector("[data-focus-on-load]");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
    summary.focus();
  }
  var errorPrefix = body.getAttribute("data-error-title-prefix");
  if (errorPrefix && /:$/.test(errorPrefix)) { errorPrefix += " "; }  // "Error: " but "错误：" (full width)
  if (errorPrefix && document.querySelector(".error-summary") && document.title.indexOf(errorPrefix) !== 0) {
    document.title = errorPrefix + document.title;
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.stack"), function (table) {
    var roles = [["thead, tbody, tfoot", "rowgroup"], ["tr", "row"], ["th[scope=row]", "rowheader"],
                 ["th:not([scope=row])", "columnheader"], ["td", "cell"]];
    table.setAttribute("role", "table");
    roles.forEach(function (pair) {
      Array.prototype.forEach.call(table.querySelectorAll(pair[0]), function (el) {
        if (el.closest("table") === table) { el.setAttribute("role", pair[1]); }
      });
    });
  });

  var DRAFT_KEY = "asmtp-draft:" + location.pathname;

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "hidden" && el.type !== "file" &&
        el.type !== "password" && el.type !== "submit" && el.type !== "button";
    });
  }

  function saveDrafts() {
    var forms = Array.prototype.filter.call(document.querySelectorAll("main form[method=post]"), function (f) {
      return fieldsOf(f).length > 0;
    });
    var saved = forms.map(function (form) {
      var values = {};
      fieldsOf(form).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.checked) { values[el.name + "=" + el.value] = true; }
        } else { values[el.name] = el.value; }
      });
      return values;
    });
    try { sessionStorage.setItem(DRAFT_KEY, JSON.stringify(saved)); } catch (e) { /* storage full or off */ }
  }

  function restoreDrafts() {
    var raw = null;
    try { raw = sessionStorage.getItem(DRAFT_KEY); sessionStorage.removeItem(DRAFT_KEY); } catch (e) { return; }
    if (!raw || !body.hasAttribute("data-session-idle-seconds")) { return; }
    var saved = JSON.parse(raw);
    var forms = Array.prototype.filter.call(document.querySelectorAll("main form[method=post]"), function (f) {
      return fieldsOf(f).length > 0;
    });
    forms.forEach(function (form, i) {
      var values = saved[i];
      if (!values) { return; }
      fieldsOf(form).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") { el.checked = !!values[el.name + "=" + el.value]; }
        else if (Object.prototype.hasOwnProperty.call(values, el.name)) { el.value = values[el.name]; }
      });
    });
    var note = document.getElementById("session-restored");
    if (note) { note.hidden = false; }
  }
  restoreDrafts();

  var idle = parseInt(body.getAttribute("data-session-idle-seconds") || "0", 10);
  var dialog = document.getElementById("session-warning");
  if (!idle || !dialog) { return; }
  var warnBefore = Math.max(1, Math.min(120, idle - 10));
  var stay = document.getElementById("session-stay");
  var countdown = document.getElementById("session-countdown");
  var warnTimer = null, endTimer = null, tick = null, endsAt = 0, returnFocus = null;

  function showCountdown() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
  }

  function warn() {
    returnFocus = document.activeElement;
    dialog.hidden = false;
    showCountdown();
    tick = setInterval(showCountdown, 1000);
    stay.focus();
  }

  function end() {
    saveDrafts();
    location.reload();  // the server signs the session out and asks for the password again
  }

  function arm() {
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    endsAt = Date.now() + idle * 1000;
    warnTimer = setTimeout(warn, (idle - warnBefore) * 1000);
    endTimer = setTimeout(end, idle * 1000 + 1000);  // just after the server's own limit
  }

  stay.addEventListener("click", function () {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(body.getAttribute("data-session-keepalive"), {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      if (!response.ok) { end(); return; }
      dialog.hidden = true;
      clearInterval(tick);
      if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
      arm();
    }, end);
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Tab") { event.preventDefault(); stay.focus(); }  // the dialog is modal
    if (event.key === "Escape") { event.preventDefault(); stay.click(); }  // closing it means staying
  });
  arm();
})();
