// IMPACT: small page behaviour. No inline scripts anywhere (the Content-Security-Policy
// forbids them), so everything a page needs lives here.
document.addEventListener("htmx:configRequest", (event) => {
  // Every htmx request carries the session's CSRF token, read from the page's meta tag.
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
});
