// The request form: the personnel fields (official, procedure, article) only for the kind "personnel".
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) { return; }
  var fields = document.querySelectorAll("[data-kind-only]");
  function sync() {
    fields.forEach(function (el) { el.hidden = el.getAttribute("data-kind-only") !== kind.value; });
  }
  kind.addEventListener("change", sync);
  sync();
})();
