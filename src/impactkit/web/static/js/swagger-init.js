// IMPACT: the API documentation page (/api/docs). Swagger UI is served from this server
// (static/vendor) and started here, not in an inline script: the CSP forbids those.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return;
  const csrf = document.querySelector('meta[name="csrf-token"]');
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null,  // never send the schema to an outside validator
    requestInterceptor: (request) => {
      // A logged-in browser trying things out is authenticated by its session cookie:
      // then unsafe methods need the session's CSRF token (token requests need none).
      if (csrf && !request.headers.Authorization) request.headers["X-CSRF-Token"] = csrf.content;
      return request;
    },
  });
});
