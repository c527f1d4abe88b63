// Date fields are text typed as dd/mm/yyyy (what users type and read); beside each one this adds the browser's own
// date picker, kept in step with the text both ways. Without JavaScript the text field works alone.
(function () {
  "use strict";
  function toIso(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
    if (!m) { return ""; }
    var d = ("0" + m[1]).slice(-2), mo = ("0" + m[2]).slice(-2);
    return m[3] + "-" + mo + "-" + d;
  }
  function fromIso(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }
  function attach(text) {
    if (text.dataset.datepickerReady) { return; }
    text.dataset.datepickerReady = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "datepicker";
    picker.tabIndex = -1;
    picker.title = text.dataset.datepickerTitle || "Chọn ngày";
    picker.setAttribute("aria-label", picker.title);
    picker.value = toIso(text.value);
    picker.addEventListener("change", function () {
      if (picker.value) { text.value = fromIso(picker.value); }
      text.dispatchEvent(new Event("change", { bubbles: true }));
    });
    text.addEventListener("input", function () { picker.value = toIso(text.value); });
    text.insertAdjacentElement("afterend", picker);
  }
  function init(root) {
    root.querySelectorAll("input[data-datepicker]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
