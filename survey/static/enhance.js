/* Progressive enhancement only: every page works without this file.
   Read aloud uses the browser's own voices (no network); submit buttons pause after a send.
   CSP allows no inline styles, so nothing here sets style: only classes and attributes. */
(function (d, w) {
  "use strict";
  var html = d.documentElement, lang = html.lang || "en", n = 0;
  /* The label comes from the interface catalogs, in the page's language. */
  var label = (d.body && d.body.getAttribute("data-read-aloud")) || "Read aloud";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var synth = w.speechSynthesis;

  if (synth && w.SpeechSynthesisUtterance) {
    each(d.querySelectorAll(".question-heading, .question-text, .statement__title"), function (t) {
      var box = t.closest(".field, .statement"), head = t.closest(".legend, .label") || t;
      if (!box || !t.textContent.trim()) return;
      var hint = box.querySelector(".hint, .statement p");
      var b = d.createElement("button");
      b.type = "button";
      b.className = "link-button read-aloud";
      b.textContent = label;
      head.id = head.id || "read-aloud-" + ++n;
      b.setAttribute("aria-describedby", head.id);
      b.addEventListener("click", function () {
        var u = new w.SpeechSynthesisUtterance(
          head.textContent.trim() + (hint ? ". " + hint.textContent.trim() : ""));
        u.lang = lang;
        synth.cancel();
        synth.speak(u);
      });
      head.parentNode.insertBefore(b, head.nextSibling);
    });
  }

  /* "Other": its box shows while it is ticked (without this file it always shows). A box
     put away is disabled, so its words are not sent, and come back if Other is ticked again. */
  var reveal = function (box) {
    var id = box.getAttribute("data-reveals"), panel = id && d.getElementById(id);
    if (!panel) return;
    box.setAttribute("aria-controls", id);
    box.setAttribute("aria-expanded", box.checked ? "true" : "false");
    panel.hidden = !box.checked;
    each(panel.querySelectorAll("input"), function (i) { i.disabled = !box.checked; });
  };
  each(d.querySelectorAll("[data-reveals]"), reveal);

  /* "None of these" (and "Prefer not to say") is chosen alone: ticking it unticks the
     others, ticking another unticks it. The server refuses both anyway, keeping the ticks. */
  d.addEventListener("change", function (e) {
    var box = e.target;
    if (box.type !== "checkbox" || !box.form) return;
    var alone = box.hasAttribute("data-exclusive");
    if (box.checked) each(box.form.querySelectorAll("input[type=checkbox]"), function (other) {
      if (other !== box && other.name === box.name &&
          (alone || other.hasAttribute("data-exclusive"))) other.checked = false;
    });
    each(box.form.querySelectorAll("[data-reveals]"), reveal);
  });

  /* Disable after the submit event, not during it: the button pressed must still be sent
     (Continue or Save and come back later). Released again if the page comes back. */
  var release = function (f) {
    delete f.dataset.sent;
    each(f.querySelectorAll("button"), function (b) { b.disabled = false; });
  };
  d.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset.sent) { e.preventDefault(); return; }
    f.dataset.sent = "1";
    w.setTimeout(function () {
      each(f.querySelectorAll("button[type=submit], button:not([type])"), function (b) {
        b.disabled = true;
      });
    }, 0);
    w.setTimeout(function () { release(f); }, 8000);
  });
  w.addEventListener("pageshow", function (e) {
    if (e.persisted) each(d.forms, release);
  });
})(document, window);
