// Optional help for browsers with JavaScript: remember the school details in this browser only (localStorage).
(function () {
  "use strict";
  var KEY = "kitgen-school";
  var FIELDS = ["name", "teacher", "class", "lesson_date", "letter_date", "email", "phone", "address", "signature_nl", "signature_en"];
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("errors") || document.getElementById("load-errors");
    if (summary) { summary.focus(); }  // a mistake is read out first
    var form = document.getElementById("kit-form");
    if (form) { offerLetters(form); }
    var box = document.querySelector(".remember");
    if (!form || !box || !window.localStorage) { return; }
    box.hidden = false;
    var remember = document.getElementById("remember");
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (saved) {
      remember.checked = true;
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input && !input.value && typeof saved[name] === "string") { input.value = saved[name]; }
      });
    }
    form.addEventListener("submit", function () {
      if (remember.checked) {
        var values = {};
        FIELDS.forEach(function (name) { if (form.elements[name]) { values[name] = form.elements[name].value; } });
        localStorage.setItem(KEY, JSON.stringify(values));
      } else {
        localStorage.removeItem(KEY);
      }
    });
    document.getElementById("forget").addEventListener("click", function () {
      localStorage.removeItem(KEY);
      remember.checked = false;
    });
  });

  // A letter language without a letter for the chosen lesson and band cannot be chosen (the server says so too).
  function offerLetters(form) {
    var boxes = form.querySelectorAll("input[data-kits]");
    if (!boxes.length) { return; }
    function sync() {
      var lesson = form.elements.lesson.value, band = form.elements.band.value;
      Array.prototype.forEach.call(boxes, function (box) {
        var has = !lesson || !band || box.getAttribute("data-kits").split(" ").indexOf(lesson + "/" + band) >= 0;
        box.disabled = !has;
        if (!has) { box.checked = false; }
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "lesson" || event.target.name === "band") { sync(); }
    });
    sync();
  }
}());
