// Package webchat is the web chat: a page at /chat (and /chat/embed.js, a snippet for the task
// force's own site) where a visitor runs the same flows as a texter and can hand off to staff in
// Slack, who answer in the thread as for SMS. It uses net/http, html/template and embedded assets
// (no third-party ones); the web server mounts it.
//
// A visitor is the random token their page holds in sessionStorage (never a cookie, never
// localStorage); their address is "web:" and the token (bot.ChannelWeb), keyed and sealed like a
// number. Replies to what they send come back in the answer to the send; what staff write waits
// in the store's bot.Mailbox until the page's long poll fetches it, so any replica may answer.
// The quick exit (a button always visible, and the Escape key) erases the conversation on the
// server, clears sessionStorage and replaces the page with a neutral site.
//
// Safety and limits: a strict Content-Security-Policy, no cookies, no IP address or user agent
// read or logged; request bodies bounded; per token a send rate and at most two polls at once;
// in all a bounded number of sends handled at once and of polls held open, so a flood from one
// client is refused quickly instead of slowing the others.
//
// Imports: bot only. cmd/frontdoor builds its handler and integrations/web mounts it as an
// http.Handler.
package webchat
