// Irreversible actions ask first (issue 11, part 4): a form with data-confirm="question" is sent only if the
// person answers OK. Loaded from base.html (no inline script: the Content-Security-Policy forbids it).
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
