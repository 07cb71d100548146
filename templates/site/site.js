/* dtrack site: filter and sort the listings in the browser. Plain JavaScript, no library, no
   request of any kind (works from file://). Without JavaScript the full lists show. */
(function () {
  "use strict";

  // Case- and accent-insensitive search: "so noi vu" finds "Sở Nội vụ".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function setupFilter(form) {
    // The table, or the element that holds several tables (a directive's tasks).
    var container = document.getElementById(form.getAttribute("data-for"));
    if (!container) return;
    var rows = Array.prototype.slice.call(
      container.querySelectorAll("tbody tr:not(.head):not(.empty)"));
    var texts = rows.map(function (r) { return fold(r.textContent); });
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var input = form.querySelector("input[name=q]");
    var out = form.querySelector("output");
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        selects.forEach(function (sel) {
          if (ok && sel.value) {
            var tokens = (row.getAttribute("data-" + sel.name) || "").split(" ");
            ok = tokens.indexOf(sel.value) >= 0;
          }
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      // A part of the list (a task of a directive) whose rows are all filtered out is hidden.
      container.querySelectorAll("[data-filter-group]").forEach(function (part) {
        var own = part.querySelectorAll("tbody tr[data-status]");
        var visible = part.querySelectorAll("tbody tr[data-status]:not([hidden])");
        part.hidden = own.length > 0 && visible.length === 0;
      });
      if (out) {
        out.textContent = out.getAttribute("data-text")
          .replace("{n}", String(shown)).replace("{total}", String(rows.length));
      }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function cellValue(row, index, type) {
    var cell = row.children[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-v");
    if (v === null) {
      var time = cell.querySelector("time[datetime]");
      v = type === "date" && time ? time.getAttribute("datetime") : cell.textContent.trim();
    }
    if (type === "num") {
      var n = parseFloat(v.replace(/\./g, "").replace(",", "."));
      return isNaN(n) ? -Infinity : n;
    }
    return v;
  }

  function setupSort(button) {
    var th = button.closest("th");
    var table = button.closest("table");
    var type = button.getAttribute("data-type") || "text";
    var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
    button.addEventListener("click", function () {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th[aria-sort]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      table.querySelectorAll("tbody").forEach(function (body) {
        var rows = Array.prototype.slice.call(body.querySelectorAll("tr:not(.head):not(.empty)"));
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type), y = cellValue(b, index, type);
          var c = type === "num" ? x - y : collator.compare(String(x), String(y));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  document.querySelectorAll("form.filter").forEach(setupFilter);
  document.querySelectorAll("button.sort").forEach(setupSort);
}());
