/* budgetsite: full-text search of the archive in the header search box.
 *
 * The index (search/budgetsite/, built by budgetsite.search) is fetched piece by piece:
 * the manifest, then only the shards of the query's tokens, then the few documents
 * shown. The tokenizer below follows plugins/budgetsite/search/tokens.py exactly.
 * Results are built with textContent only: record text never becomes markup.
 * Served by the site itself; no other host is contacted.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = script ? new URL("../../", script.src) : new URL("./", location.href);
  var INDEX = new URL("search/budgetsite/", ROOT);
  var PAGE = 10;
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  var RUN = new RegExp("([" + HAN + "]+)|([0-9a-z]+)", "gu");
  var GAP = new RegExp("(?<=[" + HAN + "])[^" + HAN + "0-9a-z]+(?=[" + HAN + "])", "gu");
  var HAN_CHAR = new RegExp("^[" + HAN + "]$", "u");
  var SEPARATOR = new RegExp("^[^" + HAN + "0-9a-z]$", "u");

  /* ---- tokenizer (same rules as tokens.py) ---- */

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /* Normalised, without what separates two Chinese characters: 破产、改制企业 reads as 破产改制企业. */
  function compact(text) {
    return normalize(text).replace(GAP, "");
  }

  function tokens(text) {
    var out = [];
    var m;
    RUN.lastIndex = 0;
    var norm = compact(text);
    while ((m = RUN.exec(norm)) !== null) {
      var run = Array.from(m[1] || m[2]);
      var n = m[1] ? 2 : 3;
      if (run.length <= n) out.push(run.join(""));
      else for (var i = 0; i + n <= run.length; i++) out.push(run.slice(i, i + n).join(""));
    }
    return out;
  }

  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* ---- fetching, each file at most once per page load ---- */

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, INDEX).href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("search index: " + path + " " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function manifest() { return getJSON("manifest.json"); }

  /* A document's file: d/<year>/<number in its year>.json, the year found from the manifest's
     spans ([year, first id, end]); a year's files are its shard's, whatever years come after. */
  function docPath(m, id) {
    for (var i = 0; i < m.years.length; i++) {
      var y = m.years[i];
      if (id >= y[1] && id < y[2]) return "d/" + y[0] + "/" + (id - y[1]) + ".json";
    }
    return "d/missing-" + id + ".json";
  }

  function decode(postings) {
    var out = [];
    var id = -1;
    var parts = postings.split(",");
    for (var i = 0; i < parts.length; i++) {
      var n = parseInt(parts[i], 36);
      id += Math.floor(n / 16);
      out.push([id, n % 16]);
    }
    return out;
  }

  /* ---- query ---- */

  /* Terms are what the reader typed, split on spaces; each must occur in the document. The phrase
     is the whole query compacted (spaces between Chinese characters dropped); a document holding it
     ranks before one holding the terms apart. */
  /* The tokens to look up for one term. A long run of letters and digits (a code) needs only
     trigrams that cover it, not all of them: the substring check on each document does the rest. */
  function lookupTokens(term) {
    var all = tokens(term);
    if (!/^[0-9a-z]+$/.test(term) || all.length <= 3) return all;
    var picked = [];
    for (var i = 0; i < all.length; i += 3) picked.push(all[i]);
    if ((all.length - 1) % 3) picked.push(all[all.length - 1]);
    return picked;
  }

  function parseQuery(query) {
    var terms = normalize(query).split(/\s+/).map(compact).filter(Boolean);
    var seen = {};
    var toks = [];
    terms.forEach(function (t) {
      lookupTokens(t).forEach(function (k) { if (!seen[k]) { seen[k] = 1; toks.push(k); } });
    });
    terms = terms.filter(function (t) { return tokens(t).length > 0; });
    var phrase = compact(terms.join(" "));
    /* The tokens that only the phrase has (劳动模范 春节: 范春), fetched to rank phrase matches first;
       not those of a term (a code's trigrams that lookupTokens leaves out). */
    var own = {};
    terms.forEach(function (t) { tokens(t).forEach(function (k) { own[k] = 1; }); });
    var bridges = terms.length > 1 ? tokens(phrase).filter(function (k) { return !own[k] && (own[k] = 1); }) : [];
    return { terms: terms, tokens: toks, phrase: phrase, bridges: bridges };
  }

  /* Candidate documents (ids), best first: every token present. Ranked by tier, then tf-idf (names
     weigh more), then id: tier 0 when every token occurs in a name or code (department, unit,
     project), tier 1 when the document also has the phrase's own tokens (always, for one term),
     tier 2 otherwise. The tiers are what the postings tell; match() confirms against the text. */
  function candidates(query, year) {
    var q = parseQuery(query);
    var none = { terms: q.terms, phrase: q.phrase, ids: [], manifest: null };
    if (!q.tokens.length) return Promise.resolve(none);
    return manifest().then(function (m) {
      var range = null;
      none.manifest = m;
      if (year) m.years.forEach(function (y) { if (String(y[0]) === String(year)) range = y; });
      if (year && !range) return none;
      var all = q.tokens.concat(q.bridges);
      var shardFiles = all.map(function (t) { return "s/" + (fnv1a(t) % m.shards) + ".json"; });
      return Promise.all(shardFiles.map(getJSON)).then(function (shards) {
        var lists = all.map(function (t, i) {
          var p = shards[i][t];
          return p ? decode(p) : [];
        });
        var bridges = lists.slice(q.tokens.length);
        lists = lists.slice(0, q.tokens.length);
        lists.sort(function (a, b) { return a.length - b.length; });
        /* The candidates as parallel arrays in id order; each list, in id order too, is merged in. */
        var ids = [], score = [], named = [];
        lists[0].forEach(function (e) {
          if (!range || (e[0] >= range[1] && e[0] < range[2])) { ids.push(e[0]); score.push(0); named.push(1); }
        });
        lists.forEach(function (list) {
          var idf = Math.log(1 + m.docs / Math.max(1, list.length));
          var keep = 0;
          for (var i = 0, j = 0; i < ids.length && j < list.length;) {
            if (list[j][0] < ids[i]) j++;
            else if (list[j][0] > ids[i]) i++;
            else {
              var w = list[j][1];
              ids[keep] = ids[i];
              score[keep] = score[i] + idf * (1 + Math.log(1 + (w & 7)) + (w & 8 ? 2 : 0));
              named[keep] = named[i] && (w & 8) ? 1 : 0;
              keep++; i++; j++;
            }
          }
          ids.length = keep; score.length = keep; named.length = keep;
        });
        var bridged = ids.map(function () { return 0; });
        bridges.forEach(function (list) {
          for (var i = 0, j = 0; i < ids.length && j < list.length;) {
            if (list[j][0] < ids[i]) j++;
            else if (list[j][0] > ids[i]) i++;
            else { bridged[i]++; i++; j++; }
          }
        });
        var tier = ids.map(function (_, i) { return named[i] ? 0 : bridged[i] === bridges.length ? 1 : 2; });
        var order = ids.map(function (_, i) { return i; });
        order.sort(function (a, b) { return tier[a] - tier[b] || score[b] - score[a] || ids[a] - ids[b]; });
        ids = order.map(function (i) { return ids[i]; });
        return { terms: q.terms, phrase: q.phrase, ids: ids, manifest: m };
      });
    });
  }

  /* Compacted text with, for each of its UTF-16 units, where the character it comes from starts
     and ends in the original, for quoting and marking. */
  function compactWithMap(text) {
    var chars = [];
    var pos = 0;
    Array.from(text).forEach(function (ch) {
      Array.from(normalize(ch)).forEach(function (c) { chars.push([c, pos, pos + ch.length]); });
      pos += ch.length;
    });
    var norm = "";
    var start = [];
    var end = [];
    var i = 0;
    while (i < chars.length) {
      var j = i;
      while (j < chars.length && SEPARATOR.test(chars[j][0])) j++;
      var gap = j > i && i > 0 && j < chars.length && HAN_CHAR.test(chars[i - 1][0]) && HAN_CHAR.test(chars[j][0]);
      for (var k = gap ? j : i; k <= j && k < chars.length; k++) {
        norm += chars[k][0];
        for (var u = 0; u < chars[k][0].length; u++) { start.push(chars[k][1]); end.push(chars[k][2]); }
      }
      i = j + 1;
    }
    return { norm: norm, start: start, end: end };
  }

  /* A document confirmed against the terms: which sections hold them, and where; tier 0 when every
     term is in a name or code, 1 when the text holds the phrase, 2 when it holds the terms apart. */
  function match(doc, terms, phrase) {
    var sections = doc.s.map(function (s, i) {
      var full = s[1] + "\n" + s[2];
      var norm = compact(full);
      var title = compact(s[1]);
      var found = terms.filter(function (t) { return norm.indexOf(t) !== -1; });
      var inTitle = terms.filter(function (t) { return title.indexOf(t) !== -1; }).length;
      var whole = norm.indexOf(phrase) !== -1;
      return { anchor: s[0], title: s[1], text: full, norm: norm, found: found, whole: whole,
               score: found.length * 100 + (whole ? 50 : 0) + inTitle, order: i };
    });
    var ok = terms.every(function (t) {
      return sections.some(function (s) { return s.norm.indexOf(t) !== -1; });
    });
    if (!ok) return null;
    var names = (doc.n || [doc.dep, doc.u, doc.un]).map(compact);
    var named = terms.every(function (t) { return names.some(function (n) { return n.indexOf(t) !== -1; }); });
    var hits = sections.filter(function (s) { return s.found.length; });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    if (!hits.length) hits = [sections[0]];
    return { doc: doc, sections: hits, tier: named ? 0 : sections.some(function (s) { return s.whole; }) ? 1 : 2 };
  }

  /* Up to ``count`` confirmed results from ``offset`` on. The documents are fetched together;
     ``onResult`` (optional) gets each result as soon as it and those before it are confirmed. */
  function search(query, year, offset, count, onResult) {
    return candidates(query, year).then(function (c) {
      var results = [];
      var next = offset;
      function fill() {
        if (results.length >= count || next >= c.ids.length) {
          return { terms: c.terms, total: c.ids.length, results: results, next: next };
        }
        var batch = c.ids.slice(next, next + (count - results.length));
        next += batch.length;
        var chain = Promise.resolve();
        batch.forEach(function (id) {
          var doc = getJSON(docPath(c.manifest, id));
          chain = chain.then(function () { return doc; }).then(function (d) {
            var r = match(d, c.terms, c.phrase);
            if (r) {
              r.id = id;
              results.push(r);
              if (onResult) onResult(r, c.terms);
            }
          });
        });
        return chain.then(fill);
      }
      return fill();
    });
  }

  /* ---- result DOM (textContent only) ---- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function href(doc, anchor) {
    var u = new URL(doc.url, ROOT);
    if (anchor) u.hash = anchor;
    return u.href;
  }

  /* About 80 characters around the first term, terms marked. */
  function snippet(section, terms) {
    var p = el("p", "bs-search__snippet");
    var nm = compactWithMap(section.text);
    var first = -1;
    terms.forEach(function (t) {
      var i = nm.norm.indexOf(t);
      if (i !== -1 && (first === -1 || i < first)) first = i;
    });
    var body = section.text.slice(section.title.length + 1);
    var offset = section.title.length + 1;
    var start = first === -1 ? offset : Math.max(offset, nm.start[first] - 30);
    var end = Math.min(section.text.length, start + 90);
    var marks = [];
    terms.forEach(function (t) {
      var i = nm.norm.indexOf(t);
      while (i !== -1) {
        var a = nm.start[i], b = nm.end[i + t.length - 1];
        if (b > start && a < end) marks.push([Math.max(a, start), Math.min(b, end)]);
        i = nm.norm.indexOf(t, i + t.length);
      }
    });
    marks.sort(function (x, y) { return x[0] - y[0]; });
    var at = start;
    if (start > offset) p.appendChild(document.createTextNode("…"));
    marks.forEach(function (mk) {
      if (mk[0] < at) return;
      p.appendChild(document.createTextNode(section.text.slice(at, mk[0])));
      p.appendChild(el("mark", null, section.text.slice(mk[0], mk[1])));
      at = mk[1];
    });
    p.appendChild(document.createTextNode(section.text.slice(at, end)));
    if (end < section.text.length) p.appendChild(document.createTextNode("…"));
    if (!body) p.textContent = "";
    return p;
  }

  function renderResult(r, terms) {
    var doc = r.doc;
    var best = r.sections[0];
    var li = el("li", "bs-search__item");
    var a = el("a", "bs-search__link");
    a.href = href(doc, best.anchor);
    a.setAttribute("data-bs-doc", doc.url);
    a.appendChild(el("span", "bs-search__where", doc.y + " 年 · " + doc.dep + "（" + doc.u + " " + doc.un + "）"));
    a.appendChild(el("span", "bs-search__title", best.anchor ? best.title : doc.t));
    if (best.anchor && best.anchor !== "part-1") a.appendChild(el("span", "bs-search__code", "项目编码 " + best.anchor));
    a.appendChild(snippet(best, terms));
    li.appendChild(a);
    var more = r.sections.slice(1, 5).filter(function (s) { return s.found.length; });
    if (more.length) {
      var ul = el("ul", "bs-search__sections");
      more.forEach(function (s) {
        var item = el("li");
        var link = el("a", "bs-search__section", s.anchor ? s.title : doc.t);
        link.href = href(doc, s.anchor);
        item.appendChild(link);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  /* ---- wiring into Material's search box ---- */

  var YEAR_KEY = "bs-search-year";
  var ui = null;
  var seq = 0;

  function storedYear() {
    try { return sessionStorage.getItem(YEAR_KEY) || ""; } catch (e) { return ""; }
  }

  function buildUI(container) {
    var root = el("div", "bs-search");
    root.setAttribute("data-bs-search", "");
    var bar = el("div", "bs-search__bar");
    var label = el("label", "bs-search__year-label", "年度 ");
    var select = el("select", "bs-search__year");
    select.setAttribute("aria-label", "只看某一年度的结果");
    select.appendChild(new Option("全部年度", ""));
    label.appendChild(select);
    var meta = el("span", "bs-search__meta", "输入词语、简称、部门名称或项目编码（可输入部分编码）");
    meta.setAttribute("role", "status");
    meta.setAttribute("aria-live", "polite");
    meta.setAttribute("aria-atomic", "true");
    bar.appendChild(label);
    bar.appendChild(meta);
    var list = el("ol", "bs-search__list");
    list.setAttribute("aria-label", "预算绩效文本");
    var more = el("button", "bs-search__more md-button", "显示更多结果");
    more.type = "button";
    more.hidden = true;
    root.appendChild(bar);
    root.appendChild(list);
    root.appendChild(more);
    container.insertBefore(root, container.firstChild);
    return { root: root, select: select, meta: meta, list: list, more: more, next: 0, query: "", shown: "" };
  }

  function fillYears(u) {
    return manifest().then(function (m) {
      if (u.select.options.length > 1) return;
      m.years.forEach(function (y) { u.select.appendChild(new Option(y[0] + " 年", String(y[0]))); });
      u.select.value = storedYear();
      if (u.select.value !== storedYear()) u.select.value = "";
    }).catch(function () { /* shown when a query runs */ });
  }

  function run(u, query, append) {
    var mine = ++seq;
    var year = u.select.value;
    if (!append) { u.next = 0; u.query = query; }
    var q = parseQuery(query);
    if (!append) u.shown = "";
    if (!query.trim()) {
      u.list.textContent = "";
      u.more.hidden = true;
      u.meta.textContent = "输入词语、简称、部门名称或项目编码（可输入部分编码）";
      return Promise.resolve();
    }
    if (!q.tokens.length) {
      u.list.textContent = "";
      u.more.hidden = true;
      u.meta.textContent = "请输入至少一个汉字、字母或数字";
      return Promise.resolve();
    }
    u.root.setAttribute("aria-busy", "true");
    var cleared = append;
    function show(r, terms) {
      if (mine !== seq) return;
      if (!cleared) { u.list.textContent = ""; cleared = true; }
      u.shown = query;
      u.list.appendChild(renderResult(r, terms));
    }
    return fillYears(u).then(function () {
      year = u.select.value;
      return search(query, year, u.next, PAGE, show);
    }).then(function (res) {
      if (mine !== seq) return;
      if (!cleared) u.list.textContent = "";
      u.next = res.next;
      var shown = u.list.children.length;
      u.meta.textContent = shown
        ? "找到 " + (res.next >= res.total ? shown : "约 " + res.total) + " 份文本" + (year ? "（" + year + " 年）" : "")
        : "没有找到符合条件的文本" + (year ? "（" + year + " 年）" : "");
      u.more.hidden = res.next >= res.total;
      u.root.removeAttribute("aria-busy");
    }).catch(function (err) {
      if (mine !== seq) return;
      u.root.removeAttribute("aria-busy");
      u.meta.textContent = "搜索索引加载失败，请稍后再试";
      if (window.console) console.warn(err);
    });
  }

  /* ---- keyboard (Material runs the panel on window keydown; this runs first, in capture) ----
   * ArrowDown/ArrowUp: the box, every result link in panel order (archive results, 显示更多结果,
   *   then Material's own), and round to the box again, as Material's own list does.
   * Enter in the box: the first archive result, when it is shown for what is in the box
   *   (Material's own Enter would pick among links it scores, ours have no score).
   * Enter on a focused result: the browser follows the link. Escape: Material closes the panel.
   * Tab/Shift+Tab: through the panel's controls (the year selector among them); Material's Tab
   *   closes the panel, so it is left to Material only when Tab would leave the panel.
   * On the year selector every other key is the selector's own (arrows pick a year).
   */

  function shown(e) {
    return !e.hidden && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  }

  function stops(scope, selector) {
    return Array.prototype.filter.call(scope.querySelectorAll(selector), shown);
  }

  function searchOpen() {
    var toggle = document.getElementById("__search");
    return !!(toggle && toggle.checked);
  }

  function onKey(e) {
    var u = ui;
    if (!u || !u.root.isConnected || !searchOpen() || e.defaultPrevented) return;
    var active = document.activeElement;
    var panel = u.input.closest("[data-md-component=search]") || document.body;
    var result = u.root.parentNode;
    function claim(prevent) { if (prevent) e.preventDefault(); e.stopPropagation(); }

    if (e.key === "Tab") {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var tabs = stops(panel, "input, select, button, [href], summary, [tabindex]").filter(function (x) {
        return x.tabIndex >= 0;
      });
      var at = tabs.indexOf(active);
      var to = tabs[at + (e.shiftKey ? -1 : 1)];
      if (at !== -1 && to) { to.focus(); claim(true); }
      return;  // leaving the panel: Material closes it
    }
    if (/^(Shift|Control|Alt|AltGraph|Meta|CapsLock)$/.test(e.key) && active !== u.input && panel.contains(active)) {
      claim(false);  // a modifier alone (Shift of Shift+Tab): Material would send focus to the box
      return;
    }
    if (active === u.select) {
      if (e.key !== "Escape") claim(false);  // the selector's own keys
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.keyCode === 229) return;  // 229: an IME's key
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (active !== u.input && !result.contains(active)) return;  // Material puts focus in the box
      var list = [u.input].concat(stops(result, "[href], summary, .bs-search__more"));
      var i = Math.max(0, list.indexOf(active));
      list[(i + list.length + (e.key === "ArrowUp" ? -1 : 1)) % list.length].focus();
      claim(true);
    } else if (e.key === "Enter") {
      if (active === u.input) {
        var first = u.list.querySelector(".bs-search__link");
        if (first && u.shown && u.shown === u.input.value) { first.click(); claim(true); }
      } else if (active === u.more) {
        claim(false);  // the button's own Enter
      }
    } else if (e.key === " " && active === u.more) {
      claim(false);  // the button's own Space (Material would send focus to the box)
    } else if (e.key === "Escape" && u.root.contains(active)) {
      active.blur();  // Material closes the panel; no focus left inside it
    }
  }

  /* Open Material's search and put the caret in the box (the home page's button). */
  function openSearch() {
    var toggle = document.getElementById("__search");
    var input = document.querySelector("[data-md-component=search-query]");
    if (toggle && !toggle.checked) toggle.click();
    if (input) { input.focus(); input.select(); }
  }

  function attachOpeners() {
    var buttons = document.querySelectorAll("[data-bs-search-open]");
    Array.prototype.forEach.call(buttons, function (b) {
      if (b.hasAttribute("data-bs-ready")) return;
      b.setAttribute("data-bs-ready", "");
      b.hidden = false;
      b.addEventListener("click", function (e) { e.preventDefault(); openSearch(); });
    });
  }

  var keysBound = false;

  function attach() {
    attachOpeners();
    if (!keysBound) { window.addEventListener("keydown", onKey, true); keysBound = true; }
    var container = document.querySelector("[data-md-component=search-result]");
    var input = document.querySelector("[data-md-component=search-query]");
    if (!container || !input) return;
    if (ui && ui.root.isConnected && ui.input === input) return;
    var u = buildUI(container);
    u.input = input;
    ui = u;
    var composing = false;
    function onChange() {
      if (composing) return;
      if (input.value !== u.query) run(u, input.value, false);
    }
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; onChange(); });
    input.addEventListener("input", function (e) { if (!e.isComposing) onChange(); });
    input.addEventListener("keyup", onChange);
    input.addEventListener("focus", function () { fillYears(u); }, { once: true });
    u.select.addEventListener("change", function () {
      try { sessionStorage.setItem(YEAR_KEY, u.select.value); } catch (e) { /* not kept */ }
      run(u, input.value, false);
    });
    u.more.addEventListener("click", function () { run(u, u.query, true); });
    u.list.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a");
      if (!link) return;
      var toggle = document.getElementById("__search");
      if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    });
    if (input.value) { fillYears(u); onChange(); }
  }

  window.budgetsiteSearch = { tokens: tokens, compact: compact, fnv1a: fnv1a, search: search, candidates: candidates };

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(attach);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attach);
  } else {
    attach();
  }
})();
