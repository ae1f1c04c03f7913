// ie review page: details of an entity on hover or click, its INDICATOR/TASK highlighted,
// checks that jump to their place, label and status filters. No network, no libraries.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var text = document.getElementById("text");
  var details = document.getElementById("details");
  var hint = details.innerHTML;
  var pinned = null;

  function frags(id) { return text.querySelectorAll('.ent[data-id="' + id + '"]'); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function hiddenLabel(label) { return text.classList.contains("hide-" + label); }
  function visible(el) { return el.getClientRects().length > 0; }

  // the innermost entity under the mouse whose label is shown
  function entityAt(node) {
    var el = node && node.closest ? node.closest(".ent") : null;
    while (el && text.contains(el)) {
      var ent = data.entities[el.dataset.id];
      if (ent && !hiddenLabel(ent.cls)) return el;
      el = el.parentElement ? el.parentElement.closest(".ent") : null;
    }
    return null;
  }

  function clearMarks(cls) {
    each(document.querySelectorAll("." + cls), function (el) { el.classList.remove(cls); });
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }

  function jumpTo(els) {
    var first = Array.prototype.find.call(els, visible) || els[0];
    if (first) first.scrollIntoView({block: "center", behavior: "smooth"});
    each(els, flash);
  }

  function row(table, name, value, link) {
    var tr = table.insertRow();
    var th = document.createElement("th");
    th.textContent = name;
    tr.appendChild(th);
    var td = tr.insertCell();
    if (link === undefined) {
      td.textContent = value;
    } else if (!value.length) {
      td.textContent = "—";
    } else {
      value.forEach(function (id, n) {
        var a = document.createElement("span");
        a.className = "link";
        a.dataset.target = id;
        a.textContent = data.entities[id] ? data.entities[id].text : "?";
        if (n) td.appendChild(document.createTextNode(" · "));
        td.appendChild(a);
      });
    }
  }

  function show(id) {
    var ent = data.entities[id];
    if (!ent) return;
    clearMarks("active");
    clearMarks("linked");
    each(frags(id), function (el) { el.classList.add("active"); });
    var linked = ent.indicator.concat(ent.task, ent.quantities);
    linked.forEach(function (other) { each(frags(other), function (el) { el.classList.add("linked"); }); });
    details.textContent = "";
    var h = document.createElement("h3");
    h.textContent = ent.label + " " + (data.labels[ent.label] || "") + (pinned === id ? "（已固定）" : "");
    details.appendChild(h);
    var table = document.createElement("table");
    row(table, "text", ent.text);
    Object.keys(ent.attrs).forEach(function (k) { row(table, k, String(ent.attrs[k])); });
    if (data.quantity_labels.indexOf(ent.label) >= 0) {
      row(table, "INDICATOR", ent.indicator, true);
      row(table, "TASK", ent.task, true);
    } else if (ent.quantities.length) {
      row(table, "quantities", ent.quantities, true);
    }
    details.appendChild(table);
    details.dataset.entity = id;
  }

  function reset() {
    clearMarks("active");
    clearMarks("linked");
    details.innerHTML = hint;
    delete details.dataset.entity;
  }

  text.addEventListener("mouseover", function (ev) {
    if (pinned !== null) return;
    var el = entityAt(ev.target);
    if (el) show(el.dataset.id); else reset();
  });
  text.addEventListener("mouseleave", function () { if (pinned === null) reset(); });
  text.addEventListener("click", function (ev) {
    var el = entityAt(ev.target);
    if (!el) { pinned = null; reset(); return; }
    pinned = pinned === el.dataset.id ? null : el.dataset.id;
    show(el.dataset.id);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { pinned = null; reset(); }
  });
  details.addEventListener("click", function (ev) {
    var a = ev.target.closest(".link");
    if (a) jumpTo(frags(a.dataset.target));
  });

  // a check: mark its place (its span and its quantities), scroll there and flash it
  function openCheck(li) {
    var k = li.dataset.ck;
    var check = data.checks[k];
    clearMarks("marked");
    clearMarks("current");
    li.classList.add("current");
    var els = Array.prototype.slice.call(text.querySelectorAll('.ck[data-ck="' + k + '"]'));
    (check ? check.quantities : []).forEach(function (id) { els = els.concat(Array.prototype.slice.call(frags(id))); });
    els.forEach(function (el) { el.classList.add("marked"); });
    jumpTo(els);
  }
  var audit = document.getElementById("audit");
  audit.addEventListener("click", function (ev) {
    var li = ev.target.closest("li.check");
    if (li) openCheck(li);
  });
  audit.addEventListener("keydown", function (ev) {
    var li = ev.target.closest("li.check");
    if (li && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); openCheck(li); }
  });

  each(document.querySelectorAll("input.label-filter"), function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.value, !box.checked);
      if (pinned !== null && hiddenLabel(data.entities[pinned].cls)) { pinned = null; reset(); }
    });
  });
  each(document.querySelectorAll("input.status-filter"), function (box) {
    box.addEventListener("change", function () {
      each(audit.querySelectorAll('li.check[data-status="' + box.value + '"]'), function (li) {
        li.classList.toggle("hidden", !box.checked);
      });
    });
  });
})();
