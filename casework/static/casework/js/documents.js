// The case file's upload form: drop or pick several files; each is sent on its own request (the server
// encrypts one file per request as it arrives) with its own progress bar. Without this script the form
// still sends one file. No inline scripts: the Content-Security-Policy forbids them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-upload]");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const zone = form.querySelector("[data-drop-zone]");
  const list = form.querySelector("[data-upload-progress]");
  const texts = {
    done: form.dataset.done || "✓",
    failed: form.dataset.failed || "✗",
  };
  input.multiple = true;

  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault();
    zone.classList.add("is-dragging");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("is-dragging")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
    }
  });

  function row(file) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const status = document.createElement("span");
    status.className = "upload-status";
    item.append(name, " ", bar, " ", status);
    list.append(item);
    return { item, bar, status };
  }

  function send(file, shown) {
    return new Promise((resolve) => {
      const data = new FormData(form);
      data.delete("file");
      data.append("file", file, file.name);
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", data.get("csrfmiddlewaretoken"));
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) shown.bar.value = Math.round((100 * event.loaded) / event.total);
      });
      request.addEventListener("load", () => {
        let answer = {};
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
        if (request.status === 201) {
          shown.bar.value = 100;
          shown.status.textContent = texts.done;
          shown.item.classList.add("is-done");
          resolve(true);
        } else {
          const errors = Object.values(answer.errors || {}).flat();
          shown.status.textContent = `${texts.failed} ${errors.join(" ")}`;
          shown.item.classList.add("is-failed");
          resolve(false);
        }
      });
      request.addEventListener("error", () => {
        shown.status.textContent = texts.failed;
        shown.item.classList.add("is-failed");
        resolve(false);
      });
      request.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(input.files);
    if (!files.length) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    list.replaceChildren();
    let all = true;
    for (const file of files) {
      // One after another: each request holds one file, and the server's limit applies to each.
      all = (await send(file, row(file))) && all;
    }
    button.disabled = false;
    if (all) window.location.reload();
  });
});
