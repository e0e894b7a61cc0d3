// The A4 notice's print button (inline scripts are forbidden by the CSP).
(function () {
  "use strict";
  var button = document.getElementById("print");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
