// The report's behaviour: the variable search, links into folded frames, and
// the download of the capsule's JSON. The page reads fine without it; the
// script only adds. It never builds markup from capsule text: it moves,
// shows and hides what the server side escaped.
#include "html/page.hpp"

namespace capsule::cli::html {

std::string_view report_script() {
    return R"js((function () {
  'use strict';
  var doc = document;

  // A link to a frame (the call path's nodes) must unfold what holds it.
  function followHash() {
    var id = location.hash.slice(1);
    if (!id) return;
    var target = doc.getElementById(decodeURIComponent(id));
    if (!target) return;
    for (var e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', followHash);
  followHash();

  var box = doc.getElementById('search');
  var statusLine = doc.getElementById('search-status');
  var rowTexts = new Map();
  var savedOpen = null;

  function rowText(li) {
    var t = rowTexts.get(li);
    if (t === undefined) {
      var row = li.querySelector(':scope > .var-row, :scope > details > .var-row');
      t = row ? row.textContent.toLowerCase() : '';
      rowTexts.set(li, t);
    }
    return t;
  }

  // A variable stays when it matches (with all it holds) or when something
  // inside it matches; then it unfolds to show that.
  function filterVar(li, query, counts) {
    if (rowText(li).indexOf(query) >= 0) {
      li.classList.add('match');
      counts.vars++;
      return true;
    }
    var any = false;
    var kids = li.querySelectorAll(':scope > details > ul.vars > li.var');
    for (var i = 0; i < kids.length; i++) if (filterVar(kids[i], query, counts)) any = true;
    if (any) {
      var fold = li.querySelector(':scope > details');
      if (fold) fold.open = true;
    } else {
      li.hidden = true;
    }
    return any;
  }

  function applySearch() {
    var query = box.value.trim().toLowerCase();
    var vars = doc.querySelectorAll('li.var');
    for (var i = 0; i < vars.length; i++) {
      vars[i].hidden = false;
      vars[i].classList.remove('match');
    }
    // Every search starts from the folds the reader had, and clearing the box
    // gives them back.
    if (savedOpen) savedOpen.forEach(function (open, fold) { fold.open = open; });
    var frames = doc.querySelectorAll('details.frame');
    var threads = doc.querySelectorAll('details.thread');
    if (!query) {
      savedOpen = null;
      frames.forEach(function (f) { f.hidden = false; });
      threads.forEach(function (t) { t.hidden = false; });
      statusLine.textContent = '';
      return;
    }
    if (!savedOpen) {
      savedOpen = new Map();
      doc.querySelectorAll('details').forEach(function (fold) { savedOpen.set(fold, fold.open); });
    }
    var counts = { vars: 0, frames: 0 };
    frames.forEach(function (frame) {
      var top = frame.querySelectorAll(':scope > .frame-body > ul.vars > li.var');
      var any = false;
      for (var i = 0; i < top.length; i++) if (filterVar(top[i], query, counts)) any = true;
      frame.hidden = !any;
      if (any) {
        frame.open = true;
        counts.frames++;
      }
    });
    threads.forEach(function (thread) {
      var shown = thread.querySelector('details.frame:not([hidden])') !== null;
      thread.hidden = !shown;
      if (shown) thread.open = true;
    });
    statusLine.textContent = counts.vars === 0 ? 'no variable matches'
      : counts.vars + (counts.vars === 1 ? ' variable matches in ' : ' variables match in ') +
        counts.frames + (counts.frames === 1 ? ' frame' : ' frames');
  }

  if (box) {
    box.addEventListener('input', applySearch);
    doc.addEventListener('keydown', function (event) {
      var tag = event.target && event.target.tagName;
      if (event.key === '/' && tag !== 'INPUT' && tag !== 'TEXTAREA') {
        event.preventDefault();
        box.focus();
      }
    });
  }

  var download = doc.getElementById('download-json');
  var data = doc.getElementById('capsule-data');
  if (download && data) {
    download.hidden = false;
    download.addEventListener('click', function () {
      var json = JSON.stringify(JSON.parse(data.textContent), null, 2);
      var link = doc.createElement('a');
      link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      link.download = download.getAttribute('data-file') || 'capsule.json';
      doc.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    });
  }
})();
)js";
}

}  // namespace capsule::cli::html
