/* budgetsite: filter box and sortable columns for tables marked data-bs-table.
 *
 * Served by the site itself. Without JavaScript every table is complete, just
 * not filterable. Initialised on Material's document$ so that it runs again
 * after each instant navigation; each table's filter and sort are kept in
 * sessionStorage, so they are still there when the reader comes back.
 */
(function () {
  "use strict";

  var collator = typeof Intl !== "undefined" ? new Intl.Collator("zh-CN", { numeric: true }) : null;

  function normalize(text) {
    var s = String(text);
    return (s.normalize ? s.normalize("NFKC") : s).toLowerCase();
  }

  /* The number a cell sorts by: its data-value, else a number at the start of its text. */
  function cellNumber(cell) {
    if (!cell) return null;
    var raw = cell.getAttribute("data-value");
    if (raw === null) {
      raw = normalize(cell.textContent).replace(/[,\s]/g, "").replace(/^[≥≤<>=]+/, "");
      if (!/^[-+]?\d/.test(raw)) return null;
    }
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
          col += parseInt(carry.cell.getAttribute("colspan") || "1", 10);
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

  function storageKey(index) {
    return "bs-table:" + location.pathname + ":" + index;
  }

  function loadState(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null") || {}; } catch (e) { return {}; }
  }

  function saveState(key, state) {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: state is not kept */ }
  }

  /* A column sorts as numbers when its header says so or every filled cell is a number. */
  function numericColumn(headers, rows, col) {
    if (headers[col] && headers[col].classList.contains("bs-num")) return true;
    var seen = 0;
    for (var i = 0; i < rows.length; i++) {
      var cell = rows[i].cells[col];
      if (!cell || !cell.textContent.trim() || cell.textContent.trim() === "—") continue;
      if (cellNumber(cell) === null) return false;
      seen += 1;
    }
    return seen > 0;
  }

  function enhance(table, index) {
    if (table.getAttribute("data-bs-ready")) return;
    var tbody = table.tBodies[0];
    var headRow = table.tHead && table.tHead.rows[0];
    if (!tbody || !headRow) return;
    table.setAttribute("data-bs-ready", "1");

    var original = Array.prototype.slice.call(tbody.rows);
    var merged = tbody.querySelector("[rowspan]") !== null;
    var flat = null; // rows with merged cells repeated, built on first use
    var texts = new Map(); // row -> normalised text, for filtering
    var key = storageKey(index);
    var state = loadState(key);
    var headers = Array.prototype.slice.call(headRow.cells);
    var wrap = table.parentNode;

    var tools = document.createElement("div");
    tools.className = "bs-tools";
    var label = document.createElement("label");
    var caption = table.caption ? table.caption.textContent : "表格";
    var labelText = document.createElement("span");
    labelText.className = "bs-tools__label";
    labelText.textContent = "筛选";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "bs-filter";
    input.placeholder = "输入关键词筛选本表";
    input.setAttribute("aria-label", "筛选：" + caption);
    input.setAttribute("autocomplete", "off");
    label.appendChild(labelText);
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "bs-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(label);
    tools.appendChild(count);
    wrap.parentNode.insertBefore(tools, wrap);

    function rowsInUse() {
      if (!merged || (!state.q && state.col === undefined)) return original;
      if (!flat) flat = expandRows(original);
      return flat;
    }

    function rowText(tr) {
      var t = texts.get(tr);
      if (t === undefined) { t = normalize(tr.textContent); texts.set(tr, t); }
      return t;
    }

    function render() {
      var rows = rowsInUse().slice();
      if (state.col !== undefined && state.dir) {
        var col = state.col;
        var sign = state.dir === "desc" ? -1 : 1;
        if (numericColumn(headers, rows, col)) {
          rows.sort(function (a, b) {
            var na = cellNumber(a.cells[col]), nb = cellNumber(b.cells[col]);
            if (na === null || nb === null) return (na === null) - (nb === null); // blanks last either way
            return sign * (na - nb);
          });
        } else {
          rows.sort(function (a, b) {
            var ta = a.cells[col] ? a.cells[col].textContent.trim() : "";
            var tb = b.cells[col] ? b.cells[col].textContent.trim() : "";
            return sign * (collator ? collator.compare(ta, tb) : ta.localeCompare(tb));
          });
        }
      }
      var terms = normalize(state.q || "").split(/\s+/).filter(Boolean);
      var shown = 0;
      var fragment = document.createDocumentFragment();
      rows.forEach(function (tr) {
        var text = rowText(tr);
        var ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
        tr.hidden = !ok;
        if (ok) shown += 1;
        fragment.appendChild(tr);
      });
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      tbody.appendChild(fragment);
      count.textContent = terms.length ? "显示 " + shown + " / " + rows.length + " 行" : "共 " + rows.length + " 行";
      table.classList.toggle("bs-filtered", terms.length > 0);
      headers.forEach(function (th, i) {
        if (state.col === i && state.dir) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      saveState(key, state);
    }

    headers.forEach(function (th, i) {
      if ((parseInt(th.getAttribute("colspan") || "1", 10)) > 1) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "bs-sort";
      button.title = "按此列排序（再点一次倒序，第三次恢复原顺序）";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (state.col !== i) { state.col = i; state.dir = "asc"; }
        else if (state.dir === "asc") state.dir = "desc";
        else { delete state.col; delete state.dir; }
        render();
      });
    });

    var composing = false;
    function onInput() {
      if (composing || state.q === input.value) return;
      state.q = input.value;
      render();
    }
    input.addEventListener("compositionstart", function () { composing = true; });
    // While an IME composes, the box holds pinyin, not the characters being typed.
    input.addEventListener("compositionend", function () { composing = false; onInput(); });
    input.addEventListener("input", function (event) { if (!event.isComposing) onInput(); });
    input.addEventListener("keyup", function (event) { if (!event.isComposing) onInput(); });
    input.addEventListener("search", onInput); // the clear (×) button of type=search

    input.value = state.q || "";
    if (input.value || state.col !== undefined) render();
    else count.textContent = "共 " + original.length + " 行";
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
