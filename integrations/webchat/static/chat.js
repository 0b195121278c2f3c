// Frontdoor web chat. Everything the page keeps is in sessionStorage (this tab only, gone when
// it closes): never cookies, never local storage. Text is always shown with textContent.
(function () {
  'use strict';
  var body = document.body;
  var T = JSON.parse(document.getElementById('texts').textContent);
  var store = window.sessionStorage;
  var KEY_TOKEN = 'frontdoor.token', KEY_LOG = 'frontdoor.log', KEY_AFTER = 'frontdoor.after';
  var logEl = document.getElementById('log'), statusEl = document.getElementById('status');
  var form = document.getElementById('form'), input = document.getElementById('text');
  var startBtn = document.getElementById('start'), exitBtn = document.getElementById('exit');
  var exiting = false, polling = false;

  function hex(n) {
    var a = new Uint8Array(n);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function token() {
    var t = store.getItem(KEY_TOKEN);
    if (!/^[0-9a-f]{32}$/.test(t || '')) { t = hex(16); store.setItem(KEY_TOKEN, t); }
    return t;
  }
  function kept() {
    try { return JSON.parse(store.getItem(KEY_LOG) || '[]'); } catch (e) { return []; }
  }
  function show(who, text) {
    var div = document.createElement('div');
    div.className = 'msg ' + who;
    var label = document.createElement('span');
    label.className = 'who';
    label.textContent = who === 'me' ? T.you : (who === 'staff' ? T.staff : T.reply);
    div.appendChild(label);
    div.appendChild(document.createTextNode(text));
    logEl.appendChild(div);
    div.scrollIntoView({ block: 'end' });
    startBtn.hidden = true;
  }
  function add(who, text) {
    if (exiting) { return; }
    var h = kept();
    h.push({ who: who, text: text });
    store.setItem(KEY_LOG, JSON.stringify(h));
    show(who, text);
  }
  function say(text) { statusEl.textContent = text || ''; }

  function post(path, data, extra) {
    var opts = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
    for (var k in extra || {}) { opts[k] = extra[k]; }
    return window.fetch(path, opts);
  }

  // unsend takes back a message the server did not take, and puts it back in the box.
  function unsend(text, why) {
    var h = kept();
    if (h.length && h[h.length - 1].who === 'me' && h[h.length - 1].text === text) {
      h.pop();
      store.setItem(KEY_LOG, JSON.stringify(h));
      if (logEl.lastChild) { logEl.removeChild(logEl.lastChild); }
    }
    if (!input.value) { input.value = text; }
    say(why);
  }

  function send(text, id, retried) {
    id = id || hex(12);
    if (!retried) { add('me', text); }
    return post('/chat/api/send', { token: token(), id: id, text: text }).then(function (r) {
      if (r.status === 429) { unsend(text, T.slow); return; }
      if (r.status === 503) { unsend(text, T.busy); return; }
      if (!r.ok) { unsend(text, T.offline); return; }
      return r.json().then(function (a) {
        say('');
        (a.replies || []).forEach(function (t) { add('bot', t); });
        if (a.erased) { forget(); return; }
        poll();
      });
    }, function () {
      if (!retried) { return new Promise(function (ok) { setTimeout(ok, 1000); }).then(function () { return send(text, id, true); }); }
      unsend(text, T.offline);
    });
  }

  function poll() {
    if (polling || exiting) { return; }
    polling = true;
    var after = parseInt(store.getItem(KEY_AFTER) || '0', 10) || 0;
    post('/chat/api/poll', { token: token(), after: after }).then(function (r) {
      if (r.status === 400) { return 'stop'; }
      if (!r.ok) { return 'wait'; }
      return r.json().then(function (a) {
        (a.messages || []).forEach(function (m) { add('staff', m.text); });
        if (!exiting) { store.setItem(KEY_AFTER, String(a.after || after)); }
        return a.gone ? 'stop' : 'go';
      });
    }, function () { return 'wait'; }).then(function (next) {
      polling = false;
      if (next === 'go') { poll(); } else if (next === 'wait') { setTimeout(poll, 3000); }
    });
  }

  // forget clears what the page kept (DELETE or a quick-exit word sent as a message).
  function forget() {
    store.clear();
    while (logEl.firstChild) { logEl.removeChild(logEl.firstChild); }
  }

  // quickExit erases the conversation on the server, clears what the page kept, and replaces
  // this page with a neutral site, so Back does not come back here.
  function quickExit() {
    if (exiting) { return; }
    var t = store.getItem(KEY_TOKEN);
    if (t) { post('/chat/api/exit', { token: t }, { keepalive: true }).catch(function () {}); }
    forget();
    exiting = true;
    var dest = body.getAttribute('data-exit');
    if (window.top !== window) {
      try { window.parent.postMessage({ frontdoor: 'exit', to: dest }, '*'); } catch (e) { /* embedded elsewhere */ }
      try { window.top.location.replace(dest); } catch (e) { /* the snippet does it */ }
    }
    window.location.replace(dest);
  }

  exitBtn.addEventListener('click', quickExit);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' || e.key === 'Esc') { quickExit(); } });
  window.addEventListener('message', function (e) {
    if (e.source === window.parent && e.data && e.data.frontdoor === 'exit') { quickExit(); }
  });
  startBtn.addEventListener('click', function () { send(T.start); input.focus(); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    send(text);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById('other-lang').addEventListener('click', function (e) {
    e.preventDefault();
    window.location.replace(this.href); // no extra history entry to come back to
  });

  kept().forEach(function (m) { show(m.who, m.text); });
  if (kept().length > 0) { poll(); }
})();
