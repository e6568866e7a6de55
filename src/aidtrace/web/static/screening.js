// The screening box answers as you type: the server renders the ranked results as HTML;
// a short pause between keystrokes avoids a request per letter.
(function () {
  "use strict";
  var input = document.getElementById("screen-q");
  var kind = document.getElementById("screen-schema");
  var out = document.getElementById("screen-results");
  var timer = null, latest = 0;
  function search() {
    var ticket = ++latest;
    var query = "q=" + encodeURIComponent(input.value) + "&schema=" + encodeURIComponent(kind.value);
    var url = "/screening/results?" + query;
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) {
        if (ticket !== latest) return;  // a newer query is on its way
        out.innerHTML = html;
        out.dataset.query = input.value;
        history.replaceState(null, "", "/screening?" + query);
      });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  kind.addEventListener("change", search);
})();
