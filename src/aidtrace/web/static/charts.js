// Render every Vega-Lite spec on the page. Specs sit in JSON data blocks next to their
// container; the expression interpreter keeps Vega free of eval, as the page's CSP requires.
(function () {
  "use strict";
  var options = { actions: false, renderer: "svg", ast: true, defaultStyle: false,
                  tooltip: { disableDefaultStyle: true },
                  expr: window.vegaInterpreter.expressionInterpreter };
  document.querySelectorAll("[data-spec]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    window.vegaEmbed(el, spec, options).then(function () {
      el.dataset.rendered = "true";
    }).catch(function (err) {
      el.dataset.rendered = "error";
      el.textContent = "chart unavailable: " + err.message;
    });
  });
})();
