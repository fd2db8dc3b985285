// Ask before destructive buttons (data-confirm); everything works without this script too.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A link from an invitation or a password reset carries its token after "#", which no
// server or proxy ever sees (nor logs): move it into the form's field, and out of the
// address bar and the browser's history. Without this script the person pastes the token.
document.addEventListener("DOMContentLoaded", function () {
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
});
