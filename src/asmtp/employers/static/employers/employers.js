// Employer portal, progressive enhancement only: every page works without it.
(function () {
  "use strict";
  // The error summary takes focus: asmtp/site.js, on every page.
  // Offer codes are printed in capitals; accept them typed in any case.
  var code = document.querySelector("input[name=code]");
  if (code) {
    code.addEventListener("input", function () {
      var at = code.selectionStart;
      code.value = code.value.toUpperCase();
      code.setSelectionRange(at, at);
    });
  }
})();
