// Enterprise picker (enterprises/picker.py): choosing a suggestion fills the code and shows
// "已选：名称（镇街，代码）"; ArrowDown in the input moves to the list. No inline script (CSP).
(function () {
  "use strict";
  if (window.lwEnterprisePicker) return;
  window.lwEnterprisePicker = true;
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-pick-code]");
    if (!option) return;
    var picker = option.closest("[data-enterprise-picker]");
    var input = picker.querySelector("input");
    var result = picker.querySelector(".lw-picker-result");
    input.value = option.getAttribute("data-pick-code");
    var chosen = document.createElement("div");
    chosen.className = "form-text text-success fw-semibold";
    chosen.setAttribute("data-testid", "picker-chosen");
    chosen.textContent = option.getAttribute("data-pick-label");
    result.replaceChildren(chosen);
    input.focus();
  });
  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest("[data-enterprise-picker]");
    if (!picker || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-pick-code]"));
    if (!options.length) return;
    var at = options.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) {
      picker.querySelector("input").focus();
    } else if (next < options.length) {
      options[next].focus();
    }
    event.preventDefault();
  });
})();
