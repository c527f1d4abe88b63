// The recipient picker of the request form (issue 11, part 5) and the form's one-click submit.
// Without this script the form still works: plain checkboxes grouped in fieldsets, "all communes" applied by
// the server. With it: a search box that ignores diacritics ("pho hien" finds "Phố Hiến"), only the bodies the
// chosen regulation lets the sender ask, "all communes" ticking them, and the submit button disabled after the
// first click (the server's one-time form token is what guarantees one draft).
(function () {
  "use strict";

  // The same normalisation as phoihop.formats.vi.collation.fold: NFD, marks dropped, đ → d, lowercase.
  function fold(text) {
    return (text || "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .join(" ");
  }

  function init(form) {
    var picker = form.querySelector("#recipient-picker");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function () {
      if (button) {
        // after the browser has taken the form's data
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
    window.addEventListener("pageshow", function () {
      if (button) { button.disabled = false; } // back to a page kept in the browser's cache
    });
    if (!picker) { return; }
    var items = Array.prototype.slice.call(picker.querySelectorAll(".picker-item"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker-group"));
    var regulation = form.querySelector("select[name=regulation]");
    var allCommunes = picker.querySelector("input[name=all_communes]");
    var none = picker.querySelector(".picker-none");

    var search = document.createElement("input");
    search.type = "search";
    search.id = "picker-search";
    search.className = "picker-search";
    search.setAttribute("placeholder", picker.getAttribute("data-search-placeholder") || "");
    search.setAttribute("aria-label", picker.getAttribute("data-search-label") || "");
    search.setAttribute("aria-controls", "recipient-picker");
    var anchor = picker.querySelector(".picker-all");
    picker.insertBefore(search, anchor);

    function allowed(item) {
      var chosen = regulation ? regulation.value : "";
      if (!chosen) { return true; }
      return (" " + item.getAttribute("data-regulations") + " ").indexOf(" " + chosen + " ") !== -1;
    }

    function syncChannel(item) {
      var box = item.querySelector("input[name=recipients]");
      var paper = item.querySelector("input[name=paper_recipients]");
      if (box && paper) {
        paper.disabled = !box.checked;
        if (!box.checked) { paper.checked = false; }
      }
    }

    function refresh() {
      var words = fold(search.value).split(" ").filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var ok = allowed(item);
        var box = item.querySelector("input[name=recipients]");
        if (!ok && box && box.checked) {
          box.checked = false; // a body this regulation does not let the sender ask
          syncChannel(item);
        }
        var text = item.getAttribute("data-search") || "";
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !(ok && match);
        if (!item.hidden) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".picker-item:not([hidden])");
      });
      if (none) { none.hidden = shown > 0; }
    }

    items.forEach(function (item) {
      syncChannel(item);
      var box = item.querySelector("input[name=recipients]");
      if (box) { box.addEventListener("change", function () { syncChannel(item); }); }
    });
    search.addEventListener("input", refresh);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); } // Enter in the search box never submits the form
    });
    if (regulation) { regulation.addEventListener("change", refresh); }
    if (allCommunes) {
      // with the script, the box ticks the communes here (each can then be unticked); the server's
      // "all communes" is for the form without the script
      allCommunes.removeAttribute("name");
      allCommunes.addEventListener("change", function () {
        items.forEach(function (item) {
          if (item.hasAttribute("data-commune") && allowed(item)) {
            var box = item.querySelector("input[name=recipients]");
            if (box) { box.checked = allCommunes.checked; syncChannel(item); }
          }
        });
      });
    }
    refresh();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
