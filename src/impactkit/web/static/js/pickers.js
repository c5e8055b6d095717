// Pickers of several values (records/_macros.html): a search box, a spoken count, the chosen
// values as removable chips, arrow keys and, for provisions, a view by reporting cluster, on
// top of plain named checkboxes that work without this file. The boxes of the cluster view
// carry no name: they mirror the named ones, so every value is sent once.
// No inline scripts anywhere (the Content-Security-Policy forbids them).
(() => {
  "use strict";

  // Sentences come whole from the page (data-msg-*), with {named} placeholders, so that
  // they can be translated as sentences.
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

  // Case and accents do not matter when searching: "Médiateur" is found by "mediateur".
  const fold = (text) =>
    text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();

  const rowOf = (box) => box.closest("label");
  const words = (box) => rowOf(box).textContent.replace(/\s+/g, " ").trim();

  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "true";
    const query = picker.querySelector(".picker-query");
    const status = picker.querySelector(".picker-status");
    const chips = picker.querySelector(".picker-chips");
    const toggle = picker.querySelector("button.picker-view");
    const list = picker.querySelector(".picker-list");
    const views = Array.from(picker.querySelectorAll("[data-view]"));
    const valueOf = (box) => box.dataset.value ?? box.value;
    const boxes = Array.from(list.querySelectorAll('input[type="checkbox"]'));
    const named = boxes.filter((box) => box.name);
    const texts = new Map(); // each box -> its words and the heading it sits under, folded
    for (const box of boxes) {
      const group = box.closest(".picker-group");
      const heading = group ? group.querySelector("legend").textContent : "";
      texts.set(box, fold(`${words(box)} ${heading}`));
    }
    const total = new Set(named.map(valueOf)).size;
    let view = views[0];

    const visibleBoxes = () => boxes.filter((box) => view.contains(box) && !rowOf(box).hidden);

    // One box of the list is in the Tab order (the last one used, else the first shown);
    // the arrow keys move between the others, so a long list is one Tab stop, not 260.
    function keepTabStop(preferred) {
      const visible = new Set(visibleBoxes());
      let stop = preferred && visible.has(preferred) ? preferred : null;
      stop ??= boxes.find((box) => box.tabIndex === 0 && visible.has(box));
      stop ??= visible.values().next().value;
      for (const box of boxes) box.tabIndex = box === stop ? 0 : -1;
    }

    function filter() {
      const terms = fold(query.value).split(" ").filter(Boolean);
      const shown = new Set();
      for (const box of boxes) {
        if (!view.contains(box)) continue;
        const text = texts.get(box);
        const match = terms.every((term) => text.includes(term));
        rowOf(box).hidden = !match;
        if (match) shown.add(valueOf(box));
      }
      for (const group of view.querySelectorAll(".picker-group")) {
        group.hidden = !group.querySelector("label:not([hidden])");
      }
      status.textContent = fill(picker.dataset.msgCount,
                                {field: picker.dataset.field, shown: shown.size, total});
      keepTabStop();
    }

    function drawChips() {
      const items = named.filter((box) => box.checked).map((box) => {
        const item = document.createElement("li");
        const name = document.createElement("span");
        name.textContent = words(box);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", fill(picker.dataset.msgRemove, {item: words(box)}));
        remove.dataset.value = box.value;
        item.append(name, remove);
        return item;
      });
      if (!items.length) {
        const none = document.createElement("li");
        none.className = "none";
        none.textContent = picker.dataset.msgNone;
        items.push(none);
      }
      chips.replaceChildren(...items);
    }

    // A value ticked in one view is ticked in the other (a provision under two clusters
    // shows twice and is chosen once).
    function sync(source) {
      const value = valueOf(source);
      for (const box of boxes) {
        if (box !== source && valueOf(box) === value) box.checked = source.checked;
      }
      drawChips();
    }

    function clearSearch() {
      if (query.value) {
        query.value = "";
        filter();
      }
      query.focus();
    }

    list.addEventListener("change", (event) => {
      if (texts.has(event.target)) sync(event.target);
    });
    list.addEventListener("focusin", (event) => {
      if (texts.has(event.target)) keepTabStop(event.target);
    });
    list.addEventListener("keydown", (event) => {
      const box = event.target;
      if (!texts.has(box)) return;
      const visible = visibleBoxes();
      const at = visible.indexOf(box);
      let next;
      switch (event.key) {
        case "ArrowDown": case "ArrowRight": next = visible[at + 1]; break;
        case "ArrowUp": case "ArrowLeft": next = at > 0 ? visible[at - 1] : query; break;
        case "Home": next = visible[0]; break;
        case "End": next = visible[visible.length - 1]; break;
        case "Enter": // ticks the box; never sends the whole form from inside a list
          event.preventDefault();
          box.click();
          return;
        case "Escape":
          event.preventDefault();
          clearSearch();
          return;
        default:
          return;
      }
      event.preventDefault();
      if (!next) return;
      if (next !== query) keepTabStop(next);
      next.focus();
    });

    query.addEventListener("input", filter);
    query.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        if (query.value) event.preventDefault();
        clearSearch();
      } else if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault(); // Enter in the search box never sends the form
        const first = visibleBoxes()[0];
        if (first) {
          keepTabStop(first);
          first.focus();
        }
      }
    });

    chips.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const at = Array.from(chips.querySelectorAll("button")).indexOf(button);
      const box = named.find((candidate) => candidate.value === button.dataset.value);
      if (!box) return;
      box.checked = false;
      sync(box);
      const left = chips.querySelectorAll("button");
      (left[Math.min(at, left.length - 1)] ?? query).focus();
    });

    if (toggle) {
      toggle.addEventListener("click", () => {
        const byCluster = toggle.getAttribute("aria-pressed") !== "true";
        toggle.setAttribute("aria-pressed", String(byCluster));
        view = views.find((body) => body.dataset.view === (byCluster ? "cluster" : "instrument"));
        for (const body of views) body.hidden = body !== view;
        filter();
      });
    }

    // The browser may restore ticks on "back": the mirrors follow the named boxes.
    for (const box of named) sync(box);
    drawChips();
    keepTabStop();
    picker.querySelector(".picker-tools").hidden = false;
  }

  const start = () => document.querySelectorAll("[data-picker]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
