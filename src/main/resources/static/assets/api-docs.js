// Swagger UI over the service's own openapi.yaml. A token the console keeps in this tab is used
// for "Try it out"; otherwise the Authorize button takes one.
window.addEventListener('load', function () {
  'use strict';
  var ui = SwaggerUIBundle({
    url: '/api/docs/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
  var token = sessionStorage.getItem('slimline.token');
  if (token) {
    ui.preauthorizeApiKey('bearerAuth', token);
  }
});
