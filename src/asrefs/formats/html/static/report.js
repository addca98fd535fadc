
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");
  var RANK = { error: 4, warning: 3, info: 2, accepted: 1 };
  var shown = { error: true, warning: true, info: true, accepted: true };
  function all(sel, el) {
    return Array.prototype.slice.call((el || doc).querySelectorAll(sel));
  }
  function best(levels) {
    var top = "";
    levels.split(" ").forEach(function (l) {
      if (shown[l] && (top === "" || RANK[l] > RANK[top])) { top = l; }
    });
    return top;
  }
  var bar = doc.getElementById("bar");
  var status = doc.getElementById("filter-status");
  function measure() {
    if (bar) { root.style.setProperty("--bar-h", bar.offsetHeight + "px"); }
  }
  function apply() {
    Object.keys(shown).forEach(function (l) { root.classList.toggle("hide-" + l, !shown[l]); });
    all("[data-levels]").forEach(function (el) {
      el.setAttribute("data-show", best(el.getAttribute("data-levels")));
    });
    if (status) {
      var items = all(".toc li[data-level]");
      var visible = items.filter(function (el) { return shown[el.getAttribute("data-level")]; });
      status.textContent = (status.getAttribute("data-template") || "{shown} / {total}")
        .replace("{shown}", String(visible.length)).replace("{total}", String(items.length));
    }
    measure();
  }
  function setOpen(card, open) {
    var button = card.querySelector(".ref-toggle");
    var panel = card.querySelector(".ref-body");
    if (!button || !panel) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { panel.removeAttribute("hidden"); } else { panel.setAttribute("hidden", "until-found"); }
  }
  all(".ref").forEach(function (card) {
    var head = card.querySelector(".ref-head");
    var label = head && head.querySelector(".rh");
    var panel = card.querySelector(".ref-body");
    if (!label || !panel) { return; }
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "ref-toggle";
    button.setAttribute("aria-controls", panel.id);
    while (label.firstChild) { button.appendChild(label.firstChild); }
    head.replaceChild(button, label);
    button.addEventListener("click", function () {
      setOpen(card, button.getAttribute("aria-expanded") !== "true");
    });
    panel.addEventListener("beforematch", function () { setOpen(card, true); });
    setOpen(card, card.getAttribute("data-open") === "true");
  });
  all("[data-expand]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-expand") === "all";
      var scope = button.closest(".refs") || doc;
      all(".ref", scope).forEach(function (card) { setOpen(card, open); });
    });
  });
  all("input[data-filter]").forEach(function (box) {
    shown[box.value] = box.checked;
    box.addEventListener("change", function () { shown[box.value] = box.checked; apply(); });
  });
  function reveal(id) {
    var el = id ? doc.getElementById(id) : null;
    if (!el) { return null; }
    var card = el.closest(".ref");
    if (card) { setOpen(card, true); }
    var holder = el.closest("[data-level]");
    var level = holder && holder.getAttribute("data-level");
    if (level && !shown[level]) {
      shown[level] = true;
      all("input[data-filter]").forEach(function (box) { if (box.value === level) { box.checked = true; } });
      apply();
    }
    return el;
  }
  function target(a) {
    var href = a.getAttribute("href") || "";
    if (href.charAt(0) !== "#") { return ""; }
    try { return decodeURIComponent(href.slice(1)); } catch (e) { return ""; }
  }
  doc.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var el = reveal(target(a));
    if (el && el.classList.contains("ref")) {
      var button = el.querySelector(".ref-toggle");
      if (button) { setTimeout(function () { button.focus({ preventScroll: true }); }, 0); }
    } else if (el && el.classList.contains("finding")) {
      setTimeout(function () { el.focus({ preventScroll: true }); }, 0);
    }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  function notes() {
    return all(".notes > .finding").filter(function (n) { return n.offsetParent !== null; });
  }
  function go(step) {
    var list = notes();
    if (!list.length) { return; }
    var active = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest(".finding") : null;
    var i = list.indexOf(active);
    if (i < 0) {
      var edge = (bar ? bar.offsetHeight : 0) + 8;
      i = step > 0 ? -1 : list.length;
      for (var k = 0; k < list.length; k++) {
        var top = list[k].getBoundingClientRect().top;
        if (step > 0 && top > edge + 1) { i = k - 1; break; }
        if (step < 0 && top >= edge - 1) { i = k; break; }
      }
    }
    var next = list[(i + step + list.length) % list.length];
    next.scrollIntoView({ block: "start" });
    next.focus({ preventScroll: true });
  }
  all("[data-go]").forEach(function (button) {
    button.addEventListener("click", function () { go(button.getAttribute("data-go") === "next" ? 1 : -1); });
  });
  if (bar) { bar.hidden = false; }
  window.addEventListener("resize", measure);
  apply();
  if (location.hash) { reveal(location.hash.slice(1)); }
})();
