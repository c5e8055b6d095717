// Record forms: bring an error summary into view and focus, so keyboard and screen-reader
// users land on the list of problems (each links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
