// Industry code helper: typing a code or a name in an input marked data-industry-lookup fills its
// <datalist> from /reference/industries/?q= (GB/T 4754-2017 at any level). No inline script (CSP).
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q === last || q.length < 1) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        fetch("/reference/industries/?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.code;
              option.label = item.code + " " + item.name + "（" + item.level + "）";
              option.textContent = option.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-industry-lookup]").forEach(attach);
  });
})();
