// presswatch dashboard: the only script, served from /static (CSP: script-src 'self').
// It links each quote in the text with its row in the "who says what" panel:
// hovering or focusing one outlines the other. Everything works without it.
"use strict";
(function () {
  function linked(number) {
    return document.querySelectorAll(
      '.quote[data-quote="' + number + '"], .quote-row[data-quote="' + number + '"]'
    );
  }
  function setLinked(number, on) {
    linked(number).forEach(function (element) {
      element.classList.toggle("linked", on);
    });
  }
  function bind(element) {
    var number = element.getAttribute("data-quote");
    if (!/^[0-9]+$/.test(number || "")) return;
    element.addEventListener("mouseenter", function () { setLinked(number, true); });
    element.addEventListener("mouseleave", function () { setLinked(number, false); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".quote[data-quote], .quote-row[data-quote]").forEach(bind);
    document.querySelectorAll(".quote-row[data-quote]").forEach(function (row) {
      row.addEventListener("click", function () {
        var span = document.querySelector('.quote[data-quote="' + row.getAttribute("data-quote") + '"]');
        if (span) span.scrollIntoView({ behavior: "smooth", block: "center" });
      });
    });
  });
})();
