// Small improvements on pages that work without this script too (CSP: no inline scripts).
(function () {
  "use strict";

  // Ask before buttons that remove or freeze something (data-confirm).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (event.target.hasAttribute("data-unsaved")) {
      event.target.dataset.dirty = "";
    }
  });

  // Unsaved changes: leaving a changed form (data-unsaved) asks first.
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-unsaved")) {
      form.dataset.dirty = "1";
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-unsaved][data-dirty='1']")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Named votes: one button puts every voter down for the same choice, and the totals and
  // the outcome follow every change (the server works them out the same way on save).
  function tally(form) {
    var counts = { for: 0, against: 0, abstain: 0 };
    form.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      if (radio.value in counts) {
        counts[radio.value] += 1;
      }
    });
    Object.keys(counts).forEach(function (choice) {
      var cell = form.querySelector("[data-count='" + choice + "']");
      if (cell) {
        cell.textContent = counts[choice];
      }
    });
    var outcome = form.querySelector("[data-outcome]");
    if (!outcome) {
      return;
    }
    var voting = parseInt(form.dataset.voting, 10) || 0;
    var cast = counts.for + counts.against + counts.abstain;
    var adopted = form.dataset.majority === "more_than_half_voting"
      ? counts.for > voting / 2
      : counts.for > counts.against;
    outcome.textContent = cast === 0
      ? outcome.dataset.none
      : adopted ? outcome.dataset.adopted : outcome.dataset.rejected;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-set-all]");
    if (!button) {
      return;
    }
    event.preventDefault();
    var form = button.form;
    form.querySelectorAll("input[type=radio][value='" + button.dataset.setAll + "']")
      .forEach(function (radio) { radio.checked = true; });
    form.dataset.dirty = "1";
    tally(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-tally")) {
      tally(form);
    }
  });

  // Dates: the field takes 03.09.2025. as typed; the calendar button beside it fills it in.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoOf(text) {
    var m = /^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?\s*$/.exec(text);
    if (m) { return m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]); }
    m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
    return m ? m[1] + "-" + pad(+m[2]) + "-" + pad(+m[3]) : "";
  }
  function setUpDatePickers() {
    document.querySelectorAll("input.date-picker[data-date-for]").forEach(function (picker) {
      var text = document.getElementById(picker.dataset.dateFor);
      if (!text) {
        return;
      }
      picker.hidden = false;
      picker.value = isoOf(text.value);
      picker.addEventListener("change", function () {
        var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
        if (m) {
          text.value = m[3] + "." + m[2] + "." + m[1] + ".";
          text.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      text.addEventListener("change", function () { picker.value = isoOf(text.value); });
    });
  }

  // Minutes: a preview beside the editor, rendered by the server as the PDF renders it.
  function setUpPreviews() {
    document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
      var target = document.getElementById(area.dataset.previewTarget);
      var form = area.form;
      if (!target || !form) {
        return;
      }
      var timer = null;
      var token = form.querySelector("input[name=csrf_token]");
      function refresh() {
        var body = new URLSearchParams();
        body.set("text", area.value);
        if (token) { body.set("csrf_token", token.value); }
        fetch(area.dataset.preview, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "" }
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          if (html !== null) { target.innerHTML = html; }
        }).catch(function () { /* the preview waits for the next change */ });
      }
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, 400);
      });
      area.addEventListener("focus", function () {
        document.querySelectorAll(".preview-pane[data-active]").forEach(function (pane) {
          delete pane.dataset.active;
        });
        target.dataset.active = "1";
      });
    });
  }

  // A list wider than the screen scrolls in its own box: keyboard users can reach it too.
  function markScrollingTables() {
    document.querySelectorAll("table.list").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.tabIndex = 0;
      } else {
        table.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("resize", markScrollingTables);

  // After a refused submit the first field in error has the focus.
  function focusFirstError() {
    var field = document.querySelector("main [aria-invalid='true']");
    if (field) {
      field.focus();
    }
  }

  // A link from an invitation or a password reset carries its token after "#", which no
  // server or proxy ever sees (nor logs): move it into the form's field, and out of the
  // address bar and the browser's history. Without this script the person pastes the token.
  function tokenFromFragment() {
    var form = document.querySelector("form[data-token-from-fragment]");
    var token = window.location.hash.slice(1);
    if (!form || !token) {
      return;
    }
    var field = form.elements[form.dataset.tokenFromFragment];
    if (field && !field.value) {
      field.value = decodeURIComponent(token);
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function ready() {
    tokenFromFragment();
    setUpDatePickers();
    setUpPreviews();
    document.querySelectorAll("form[data-tally]").forEach(tally);
    markScrollingTables();
    focusFirstError();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
