// Irreversible actions ask first: a form with data-confirm="…" is sent only once the person
// agrees with the sentence, which says what will happen.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
