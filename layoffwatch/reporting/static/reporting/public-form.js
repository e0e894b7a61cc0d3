// Drafts of the public QR form are kept in this phone's localStorage until a receipt is shown.
(function () {
  "use strict";
  var form = document.getElementById("public-report-form");
  if (form) {
    var key = form.dataset.draftKey;
    var hasErrors = !!document.querySelector("[data-testid=form-errors]");
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "{}");
      if (!hasErrors) {
        Object.keys(saved).forEach(function (name) {
          var fields = form.querySelectorAll("[name='" + name + "']");
          fields.forEach(function (el) {
            if (el.type === "file") { return; }
            if (el.type === "checkbox") { el.checked = Array.isArray(saved[name]) ? saved[name].indexOf(el.value) >= 0 : saved[name] === true; }
            else if (!el.value) { el.value = saved[name]; }
          });
        });
      }
    } catch (e) { /* a broken draft is ignored */ }
    form.addEventListener("input", function () {
      var draft = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        // why not "corrects" nor its correction code (a secret, ADR 0083): a correction left unfinished must not turn a later new report into one;
        // nor the headcount confirmation: it is given for the figures on screen, each time (ADR 0056)
        if (!el.name || el.name === "nonce" || el.name === "csrfmiddlewaretoken" || el.name === "corrects" || el.name === "correction_code" || el.name === "confirm_headcount_gap" || el.type === "file") { return; }
        if (el.type === "checkbox") {
          if (el.name === "reasons") { draft.reasons = (draft.reasons || []); if (el.checked) { draft.reasons.push(el.value); } }
          else { draft[el.name] = el.checked; }
        } else { draft[el.name] = el.value; }
      });
      try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
    });
  }
  var receipt = document.getElementById("receipt");
  if (receipt) { try { localStorage.removeItem(receipt.dataset.clearDraft); } catch (e) { /* ignore */ } }
  // "保存或打印回执": the browser's print dialog, where a phone can also save the receipt as PDF
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
