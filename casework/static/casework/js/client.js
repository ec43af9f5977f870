// The client page: print a full case summary. No inline scripts: the Content-Security-Policy forbids them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });

  // A printed summary must show every explanation, whether or not it was expanded on screen.
  let closedBeforePrint = [];
  window.addEventListener("beforeprint", () => {
    closedBeforePrint = Array.from(document.querySelectorAll("details:not([open])"));
    closedBeforePrint.forEach((details) => { details.open = true; });
  });
  window.addEventListener("afterprint", () => {
    closedBeforePrint.forEach((details) => { details.open = false; });
    closedBeforePrint = [];
  });
});
