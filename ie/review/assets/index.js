// ie review index: click a column header to sort by it (again: the other way). Numbers sort as numbers;
// empty cells go last either way.
(function () {
  "use strict";
  var table = document.querySelector("table.reports");
  if (!table) return;
  var body = table.tBodies[0];
  function key(tr, col) {
    var td = tr.cells[col];
    var v = td.dataset.v !== undefined ? td.dataset.v : td.textContent.trim();
    if (v === "") return null;
    var n = Number(v);
    return isNaN(n) ? v : n;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-CN", {numeric: true});
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = key(x, col), b = key(y, col);
        if (a === null || b === null) return (a === null) - (b === null);
        return dir * compare(a, b);
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sort(); });
  });
})();
