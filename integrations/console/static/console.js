// Frontdoor console: small conveniences on top of pages that work without them.
"use strict";
(function () {
  var csrfInput = document.querySelector('input[name="csrf"]');
  var csrf = csrfInput ? csrfInput.value : "";

  // Forms that ask first (rollback).
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault();
    });
  });

  // Simulator: show the newest message and keep the cursor in the box.
  var chat = document.getElementById("chat");
  if (chat) chat.scrollTop = chat.scrollHeight;

  var area = document.getElementById("content");
  if (!area) return;
  var gutter = document.getElementById("gutter");
  var list = document.getElementById("problem-list");
  var summary = document.getElementById("problems-summary");
  var texts = document.getElementById("texts");
  var file = document.querySelector('#editor-form input[name="file"]').value;

  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });

  // goTo puts the cursor at the start of a line and scrolls it into view.
  function goTo(line) {
    var lines = area.value.split("\n");
    var pos = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(pos, pos);
    area.scrollTop = Math.max(0, (line - 5) * 20);
    gutter.scrollTop = area.scrollTop;
  }
  var start = parseInt(area.getAttribute("data-line"), 10);
  if (start > 0) goTo(start);
  list.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-line]");
    if (!a) return;
    e.preventDefault();
    goTo(parseInt(a.getAttribute("data-line"), 10));
  });

  function drawGutter(problems) {
    var n = area.value.split("\n").length, marks = {};
    problems.forEach(function (p) { if (marks[p.line] !== "error") marks[p.line] = p.warning ? "warning" : "error"; });
    var out = [];
    for (var i = 1; i <= n; i++) {
      var s = document.createElement("span");
      s.setAttribute("data-n", i);
      if (marks[i]) s.className = marks[i];
      s.textContent = i;
      out.push(s, document.createTextNode("\n"));
    }
    gutter.replaceChildren.apply(gutter, out);
    gutter.scrollTop = area.scrollTop;
  }

  function drawProblems(res) {
    var items = res.problems.map(function (p) {
      var li = document.createElement("li"), a = document.createElement("a");
      li.className = p.warning ? "warning" : "error";
      a.href = "/console/edit?file=" + encodeURIComponent(file) + "&line=" + p.line;
      a.setAttribute("data-line", p.line);
      a.textContent = "line " + p.line + ", column " + p.col;
      li.append(a, ": " + (p.warning ? "warning: " : "") + p.msg);
      return li;
    });
    list.replaceChildren.apply(list, items);
    summary.textContent = res.problems.length + " in this file" + (res.others ? ", " + res.others + " in other files" : "") + ".";
    if (res.texts) texts.innerHTML = res.texts; // rendered and escaped by the server's template
  }

  var timer = null, seq = 0;
  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++seq, body = new URLSearchParams();
      body.set("file", file);
      body.set("content", area.value);
      fetch("/console/lint", { method: "POST", body: body, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (res) {
          if (!res || mine !== seq) return;
          drawProblems(res);
          drawGutter(res.problems);
        });
    }, 500);
  });
})();
