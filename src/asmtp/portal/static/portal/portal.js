/* Applicant portal: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // The error summary (or a result heading) takes focus: asmtp/site.js, on every page.

  // Mainland Resident ID numbers: the same MOD 11-2 check the server makes, shown as typed.
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";
  function idProblem(value) {
    var number = value.replace(/\s+/g, "").toUpperCase();
    if (number.length === 0) { return null; }
    if (number.length !== 18) { return "length"; }
    if (!/^\d{17}[\dX]$/.test(number)) { return "characters"; }
    var total = 0;
    for (var i = 0; i < 17; i++) { total += parseInt(number.charAt(i), 10) * WEIGHTS[i]; }
    if (CHECK.charAt(total % 11) !== number.charAt(17)) { return "check"; }
    var y = +number.substr(6, 4), m = +number.substr(10, 2), d = +number.substr(12, 2);
    var born = new Date(Date.UTC(y, m - 1, d));
    if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) { return "date"; }
    return "ok";
  }
  document.querySelectorAll("input[data-check='mainland-id']").forEach(function (input) {
    var live = document.createElement("p");
    live.className = "live-check";
    live.id = input.id + "_live";
    live.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", live);
    var described = (input.getAttribute("aria-describedby") || "").trim();
    input.setAttribute("aria-describedby", (described ? described + " " : "") + live.id);
    function check() {
      var problem = idProblem(input.value);
      // Partial numbers are not errors while the person is still typing.
      if (problem === null || (problem === "length" && document.activeElement === input)) {
        live.textContent = ""; live.className = "live-check"; return;
      }
      var message = input.getAttribute("data-msg-" + problem) || "";
      live.textContent = message;
      live.className = "live-check " + (problem === "ok" ? "good" : "bad");
    }
    input.addEventListener("input", check);
    input.addEventListener("blur", check);
  });

  // The trade questions appear only in the Technical Professionals stream (all are still sent without script).
  document.querySelectorAll("form").forEach(function (form) {
    var block = form.querySelector("#tp-fields");
    var radios = form.querySelectorAll("input[name='stream']");
    if (!block || radios.length === 0) { return; }
    function sync() {
      var tp = form.querySelector("input[name='stream'][value='technical_professional']");
      block.hidden = !(tp && tp.checked);
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  });

  // Job offer questions appear only when there is an offer (all are still sent without script).
  document.querySelectorAll("form[data-offer-form]").forEach(function (form) {
    var block = form.querySelector("#offer-fields");
    var radios = form.querySelectorAll("input[name='has_offer']");
    if (!block || radios.length === 0) { return; }
    function sync() {
      var yes = form.querySelector("input[name='has_offer'][value='yes']");
      block.hidden = !(yes && yes.checked);
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  });

  // A second click while the first submission is on its way is ignored (the server is idempotent too).
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting === "true") { event.preventDefault(); return; }
      form.dataset.submitting = "true";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });
}());
