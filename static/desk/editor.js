// Keyboard for the side-by-side editor. Everything here is a shortcut: without it the
// page still works with Tab, the buttons and plain form posts.
(function () {
  "use strict";

  // Boxes grow with their text: CSS field-sizing does it where the browser knows it; here
  // the box is fitted on every input (a size set from script is no inline style for CSP).
  var sizesItself = window.CSS && window.CSS.supports("field-sizing", "content");

  function fit(area) {
    if (sizesItself || !(area instanceof HTMLTextAreaElement)) return;
    area.style.blockSize = "auto";
    area.style.blockSize = area.scrollHeight + area.offsetHeight - area.clientHeight + "px";
  }

  function targets() {
    return Array.prototype.slice.call(document.querySelectorAll(".seg textarea[name=text]"));
  }

  function save(textarea) {
    if (textarea.readOnly) return;
    if (window.htmx) {
      window.htmx.trigger(textarea, "save");
    } else {
      textarea.form.submit();
    }
  }

  function move(textarea, step) {
    var all = targets();
    var next = all[all.indexOf(textarea) + step];
    if (next) {
      next.focus();
      next.scrollIntoView({ block: "center" });
    }
  }

  function useSuggestion(textarea, index) {
    var seg = textarea.closest(".seg");
    var buttons = seg ? seg.querySelectorAll(".use-suggestion") : [];
    if (buttons[index]) buttons[index].click();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".use-suggestion");
    if (button && !button.disabled) {
      var textarea = document.getElementById(button.dataset.target);
      if (textarea && !textarea.readOnly) {
        textarea.value = button.dataset.text;
        fit(textarea);
        textarea.focus();
        save(textarea);
      }
      return;
    }
    var newer = event.target.closest(".take-newer");
    if (newer) {
      var id = newer.dataset.segment;
      var area = document.getElementById("t-" + id);
      var version = document.getElementById("version-" + id);
      if (area && version) {
        area.value = newer.dataset.text;
        fit(area);
        version.value = newer.dataset.version;
        area.focus();
      }
    }
  });

  // What the server last stored for each sentence, to know what still needs saving.
  targets().forEach(function (area) {
    area.dataset.saved = area.value;
  });
  Array.prototype.forEach.call(document.querySelectorAll("textarea"), fit);
  document.addEventListener("input", function (event) {
    fit(event.target);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var area = event.detail.elt;
    if (!(area instanceof HTMLTextAreaElement)) return;
    area.dataset.sending = area.value;
    var status = document.getElementById("status-" + area.id.slice(2));
    var list = document.querySelector(".segments");
    if (status && list) {
      status.className = "status";
      status.textContent = list.dataset.saving;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var area = event.detail.elt;
    if (area instanceof HTMLTextAreaElement && event.detail.successful) {
      area.dataset.saved = area.dataset.sending;
    }
  });

  function unsaved() {
    return targets().filter(function (area) {
      return !area.readOnly && area.value !== area.dataset.saved;
    });
  }

  // Leaving the page (submit, release) first saves what was typed and waits for the
  // saves in flight, so the last words typed are never lost to a debounce.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.htmx || form.classList.contains("tgt") || !document.querySelector(".seg")) return;
    var pending = unsaved();
    if (!pending.length && !document.querySelector(".htmx-request")) return;
    event.preventDefault();
    pending.forEach(save);
    var tries = 0;
    (function wait() {
      tries += 1;
      if (document.querySelector(".htmx-request") && tries < 100) {
        window.setTimeout(wait, 100);
      } else {
        form.submit();
      }
    })();
  });

  document.addEventListener("keydown", function (event) {
    var textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || textarea.name !== "text") return;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      save(textarea);
      move(textarea, 1);
    } else if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      save(textarea);
    } else if (event.altKey && event.key === "ArrowDown") {
      event.preventDefault();
      move(textarea, 1);
    } else if (event.altKey && event.key === "ArrowUp") {
      event.preventDefault();
      move(textarea, -1);
    } else if (event.altKey && /^Digit[1-9]$/.test(event.code)) {
      event.preventDefault();
      useSuggestion(textarea, Number(event.code.slice(5)) - 1);
    }
  });
})();
