// The API docs page (ADR 0085): Swagger UI from /static/vendor/swagger-ui, started here because
// the CSP forbids inline scripts. "Try it out" sends the bearer token entered under Authorize.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    layout: "BaseLayout",
    presets: [window.SwaggerUIBundle.presets.apis],
    validatorUrl: null
  });
})();
