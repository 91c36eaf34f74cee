// Starts Redoc on /api/docs/. Redoc writes its styles into <style> elements; this page's
// policy allows those only with the request's nonce, which Redoc then puts on each of them.
(function () {
  "use strict";
  var nonce = document.currentScript.nonce;
  // The bundle wrote its scrollbar styles as it loaded, before it could know the nonce, so
  // the policy refused them: write the same text again, with the nonce.
  document.querySelectorAll("head style").forEach(function (refused) {
    if (refused.nonce || refused.sheet) {
      return;
    }
    var style = document.createElement("style");
    style.nonce = nonce;
    style.textContent = refused.textContent;
    refused.replaceWith(style);
  });
  var container = document.getElementById("redoc");
  window.Redoc.init(container.dataset.specUrl, { nonce: nonce }, container);
})();
