// The screening box answers as you type: the server renders the ranked results as HTML;
// a short pause between keystrokes avoids a request per letter.
(function () {
  "use strict";
  var input = document.getElementById("screen-q");
  var out = document.getElementById("screen-results");
  var timer = null, latest = 0;
  function search() {
    var ticket = ++latest;
    var url = "/screening/results?q=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) {
        if (ticket !== latest) return;  // a newer query is on its way
        out.innerHTML = html;
        out.dataset.query = input.value;
        history.replaceState(null, "", "/screening?q=" + encodeURIComponent(input.value));
      });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
})();
