// The petition intake form: "Thêm người ký" adds a row of signer fields (the formset's empty form, its
// __prefix__ replaced by the next index, TOTAL_FORMS raised). Without this script the form offers three rows.
(function () {
  "use strict";
  var button = document.getElementById("signer-add");
  var rows = document.getElementById("signer-rows");
  var template = document.getElementById("signer-template");
  var total = document.querySelector("input[name=signer-TOTAL_FORMS]");
  if (!button || !rows || !template || !total) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
    if (first) { first.focus(); }
  });
})();
