// Suggested articles beside a ticket: a click puts the link or the text into the reply.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-kb-insert]");
    if (!button) return;
    var composer = document.getElementById("composer-body");
    if (!composer) return;
    var value = button.getAttribute("data-kb-insert");
    var start = composer.selectionStart || composer.value.length;
    var end = composer.selectionEnd || start;
    var before = composer.value.slice(0, start);
    var gap = before && !/\s$/.test(before) ? "\n" : "";
    composer.value = before + gap + value + composer.value.slice(end);
    composer.focus();
    composer.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
