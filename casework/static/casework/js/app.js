// Small progressive enhancements. No inline scripts anywhere: the Content-Security-Policy forbids them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A form may ask for confirmation before a destructive action: data-confirm="text".
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
  // Controls that submit their form when changed (filters, as-of selectors): data-autosubmit.
  document.querySelectorAll("[data-autosubmit]").forEach((control) => {
    control.addEventListener("change", () => control.form && control.form.requestSubmit());
  });
});
