// The review queue, keyboard first. No inline scripts (the Content-Security-Policy forbids
// them). j / k (or the arrow keys, inside the table) move between recommendations; a accepts
// and r rejects all the suggested tags of the recommendation in focus; Tab reaches each
// tag's own buttons. Without JavaScript every button is a plain form.
(() => {
  const table = () => document.getElementById("queue-table");
  const rows = () => Array.from(table().querySelectorAll("tbody tr"));
  const editable = (el) => el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
  let refocus = null;  // what to focus once htmx has swapped a decided tag or row in

  function move(from, step) {
    const all = rows();
    if (!all.length) return;
    const at = from ? all.indexOf(from) : -1;
    const next = all[Math.min(Math.max(at + step, 0), all.length - 1)];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function nextPending(row) {
    for (let next = row.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.matches("tr.review")) return next;
    }
    return null;
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!table()) return;
    const help = document.getElementById("queue-keys");
    if (help) help.hidden = false;
  });

  document.addEventListener("keydown", (event) => {
    if (!table() || event.altKey || event.ctrlKey || event.metaKey || editable(event.target)) return;
    const row = event.target.closest ? event.target.closest("#queue-table tbody tr") : null;
    const key = event.key;
    if (key === "j" || key === "k" || (row && (key === "ArrowDown" || key === "ArrowUp"))) {
      event.preventDefault();
      move(row, key === "j" || key === "ArrowDown" ? 1 : -1);
    } else if (row && (key === "a" || key === "r")) {
      const button = row.querySelector(`button[data-all="${key === "a" ? "accept" : "reject"}"]`);
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });

  // Where focus goes after a decision: the next recommendation after a whole row, the
  // row itself after one of its tags (the tag's buttons are gone).
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.target.closest ? event.target.closest("#queue-table form") : null;
    if (!form) return;
    const row = form.closest("tr");
    refocus = form.matches(".row-decision")
      ? { next: nextPending(row), decided: row.dataset.review } : { row };
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (!refocus) return;
    const target = refocus.next || (refocus.row && refocus.row.isConnected ? refocus.row : null)
      || (refocus.decided && table().querySelector(`tr[data-decided="${CSS.escape(refocus.decided)}"]`));
    refocus = null;
    if (target) target.focus();
  });
})();
