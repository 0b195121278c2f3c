// Frontdoor web chat snippet for a partner site: <script src="https://HOST/chat/static/embed.js" defer></script>
// It adds a Chat button that opens the chat in a panel. The chat's quick exit (and Escape here)
// replaces this page too. The site's origin must be in FRONTDOOR_CHAT_FRAME_ORIGINS.
(function () {
  'use strict';
  var me = document.currentScript;
  var origin = new URL(me.src).origin;
  var lang = (document.documentElement.lang || 'en').slice(0, 2) === 'es' ? 'es' : 'en';
  var frame = null;
  var btn = document.createElement('button');
  btn.type = 'button';
  btn.textContent = 'Chat';
  btn.setAttribute('aria-haspopup', 'dialog');
  btn.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:2147483000;min-height:44px;padding:.5rem 1.25rem;' +
    'font:600 1rem system-ui,sans-serif;color:#fff;background:#0b5fff;border:0;border-radius:.4rem;cursor:pointer';
  btn.addEventListener('click', function () {
    if (frame) { frame.focus(); return; }
    frame = document.createElement('iframe');
    frame.src = origin + '/chat?embed=1&lang=' + lang;
    frame.title = 'Chat';
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.style.cssText = 'position:fixed;right:1rem;bottom:4.5rem;z-index:2147483000;width:min(26rem,calc(100vw - 2rem));' +
      'height:min(36rem,calc(100vh - 6rem));border:1px solid #999;border-radius:.6rem;background:#fff';
    frame.addEventListener('load', function () { frame.setAttribute('data-loaded', '1'); });
    document.body.appendChild(frame);
  });
  window.addEventListener('message', function (e) {
    if (e.origin === origin && e.data && e.data.frontdoor === 'exit' && /^https?:\/\//.test(e.data.to || '')) { window.location.replace(e.data.to); }
  });
  document.addEventListener('keydown', function (e) {
    if (frame && (e.key === 'Escape' || e.key === 'Esc')) { frame.contentWindow.postMessage({ frontdoor: 'exit' }, origin); }
  });
  document.body.appendChild(btn);
})();
