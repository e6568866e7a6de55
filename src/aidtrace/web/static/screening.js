// The screening box answers as you type: the server renders the ranked results as HTML;
// a short pause between keystrokes avoids a request per letter.
(function () {
  "use strict";
  // Beside the name: the kind of party and what the officer knows of it (birth date,
  // nationality, gender, a document number), sent as the form would send them.
  var form = document.getElementById("screen-form");
  var input = document.getElementById("screen-q");
  var out = document.getElementById("screen-results");
  var timer = null, latest = 0;
  function search() {
    var ticket = ++latest;
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = "/screening/results?" + query;
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) {
        if (ticket !== latest) return;  // a newer query is on its way
        out.innerHTML = html;
        out.dataset.query = input.value;
        history.replaceState(null, "", "/screening?" + query);
      });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  }
  form.querySelectorAll("input").forEach(function (field) {
    field.addEventListener("input", later);
  });
  form.querySelectorAll("select").forEach(function (field) {
    field.addEventListener("change", search);
  });
})();
