/* budgetsite: the 长辈版 (适老化) reading mode: large text, high contrast, wide
 * line spacing, a big cursor. A button in the header switches it; the choice is
 * kept in localStorage, so it holds on every page, after Material's instant
 * navigation (initialised on document$) and in other tabs. The class is set
 * before the first paint by a line in the page head (templates/main.html).
 */
(function () {
  "use strict";

  var KEY = "budgetsite.reading";
  var CLASS = "bs-reading";

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function store(on) {
    try {
      if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the mode still applies to this page */ }
  }

  function apply(on) {
    document.documentElement.classList.toggle(CLASS, on);
    var buttons = document.querySelectorAll(".bs-reading-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].title = on ? "关闭长辈版，恢复标准字号" : "长辈版：大字号、高对比度、加大行距和光标";
    }
  }

  function ensureButton() {
    if (document.querySelector(".bs-reading-toggle")) return;
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "bs-reading-toggle";
    button.textContent = "长辈版";
    button.addEventListener("click", function () {
      var on = !document.documentElement.classList.contains(CLASS);
      store(on);
      apply(on);
    });
    var before = header.querySelector(".md-search") || header.querySelector(".md-header__source");
    header.insertBefore(button, before);
  }

  /* Material's search overlay is a dialog without a name; screen readers announce it unnamed. */
  function nameDialogs() {
    var dialogs = document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])');
    for (var i = 0; i < dialogs.length; i++) {
      if (dialogs[i].classList.contains("md-search")) dialogs[i].setAttribute("aria-label", "搜索");
    }
  }

  function init() {
    nameDialogs();
    ensureButton();
    apply(stored());
  }

  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) apply(stored());
  });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); // eslint-disable-line no-undef
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
