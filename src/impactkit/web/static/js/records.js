// Record pages. No inline scripts anywhere (the Content-Security-Policy forbids them).

// A form with problems: bring its error summary into view and focus, so keyboard and
// screen-reader users land on the list of problems (each links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// A refused filter (422) still replaces the results, so the reason shows where they were.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
