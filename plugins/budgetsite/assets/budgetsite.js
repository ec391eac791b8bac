/* budgetsite: filter box and sortable columns for tables marked data-bs-table.
 *
 * Served by the site itself. Without JavaScript every table is complete, just
 * not filterable. Initialised on Material's document$ so that it runs again
 * after each instant navigation; each table's state is kept in sessionStorage.
 */
(function () {
  "use strict";

  var collator = typeof Intl !== "undefined" ? new Intl.Collator("zh-CN", { numeric: true }) : null;

  function cellNumber(cell) {
    var raw = cell.getAttribute("data-value");
    if (raw === null) raw = cell.textContent.replace(/[,，\s]/g, "").replace(/^[≥≤<>=＞＜]+/, "");
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  /* The body as a grid: merged (rowspan) cells are copied into every row they cover. */
  function expandRows(sourceRows) {
    var pending = []; // column index -> {cell, left}
    var rows = [];
    sourceRows.forEach(function (tr) {
      var out = document.createElement("tr");
      Array.prototype.forEach.call(tr.attributes, function (a) { out.setAttribute(a.name, a.value); });
      var cells = Array.prototype.slice.call(tr.cells);
      var col = 0;
      var grid = [];
      while (cells.length || (pending[col] && pending[col].left > 0)) {
        var carry = pending[col];
        if (carry && carry.left > 0) {
          var copy = carry.cell.cloneNode(true);
          copy.removeAttribute("rowspan");
          copy.classList.add("bs-repeat");
          grid.push(copy);
          carry.left -= 1;
          col += 1;
          continue;
        }
        var cell = cells.shift();
        var span = parseInt(cell.getAttribute("rowspan") || "1", 10);
        var own = cell.cloneNode(true);
        own.removeAttribute("rowspan");
        if (span > 1) pending[col] = { cell: cell, left: span - 1 };
        grid.push(own);
        col += parseInt(cell.getAttribute("colspan") || "1", 10);
      }
      grid.forEach(function (c) { out.appendChild(c); });
      rows.push(out);
    });
    return rows;
  }

  function storageKey(table, index) {
    return "bs-table:" + location.pathname + ":" + index;
  }

  function loadState(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null") || {}; } catch (e) { return {}; }
  }

  function saveState(key, state) {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: state is not kept */ }
  }

  function enhance(table, index) {
    if (table.getAttribute("data-bs-ready")) return;
    table.setAttribute("data-bs-ready", "1");
    var tbody = table.tBodies[0];
    var headRow = table.tHead && table.tHead.rows[0];
    if (!tbody || !headRow) return;

    var original = Array.prototype.slice.call(tbody.rows);
    var merged = tbody.querySelector("[rowspan]") !== null;
    var flat = null; // rows with merged cells repeated, built on first use
    var key = storageKey(table, index);
    var state = loadState(key);
    var headers = Array.prototype.slice.call(headRow.cells);

    var tools = document.createElement("div");
    tools.className = "bs-tools";
    var label = document.createElement("label");
    var caption = table.caption ? table.caption.textContent : "表格";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "筛选本表（输入关键词）";
    input.setAttribute("aria-label", "筛选：" + caption);
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "bs-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(label);
    tools.appendChild(count);
    table.parentNode.parentNode.insertBefore(tools, table.parentNode);

    function rowsInUse() {
      if (!merged || (!state.q && state.col === undefined)) return original;
      if (!flat) flat = expandRows(original);
      return flat;
    }

    function render() {
      var rows = rowsInUse().slice();
      if (state.col !== undefined && state.dir) {
        var col = state.col;
        var numeric = headers[col] && headers[col].classList.contains("bs-num");
        rows.sort(function (a, b) {
          var ca = a.cells[col], cb = b.cells[col];
          if (!ca || !cb) return 0;
          var r;
          if (numeric || (cellNumber(ca) !== null && cellNumber(cb) !== null && ca.hasAttribute("data-value"))) {
            var na = cellNumber(ca), nb = cellNumber(cb);
            r = (na === null ? -Infinity : na) - (nb === null ? -Infinity : nb);
          } else {
            r = collator ? collator.compare(ca.textContent, cb.textContent) : ca.textContent.localeCompare(cb.textContent);
          }
          return state.dir === "desc" ? -r : r;
        });
      }
      var terms = (state.q || "").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      rows.forEach(function (tr) {
        var text = tr.textContent.toLowerCase();
        var ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
        tr.hidden = !ok;
        if (ok) shown += 1;
        tbody.appendChild(tr);
      });
      count.textContent = terms.length ? "显示 " + shown + " / " + rows.length + " 行" : "共 " + rows.length + " 行";
      headers.forEach(function (th, i) {
        if (state.col === i && state.dir) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      saveState(key, state);
    }

    headers.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "bs-sort";
      button.title = "按此列排序";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (state.col !== i) { state.col = i; state.dir = "asc"; }
        else if (state.dir === "asc") state.dir = "desc";
        else { state.col = undefined; state.dir = undefined; }
        render();
      });
    });

    var composing = false;
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; state.q = input.value; render(); });
    input.addEventListener("input", function (event) {
      // While an IME is composing, the box holds pinyin, not the words being typed.
      if (composing || event.isComposing) return;
      state.q = input.value;
      render();
    });

    input.value = state.q || "";
    render();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-bs-table]"), enhance);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
