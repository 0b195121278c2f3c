// Package slack is the staff desk on Slack (slack-go v0.35.0). It verifies requests from Slack
// (verify.go), turns texts between Slack markup and SMS (text.go), turns events, button presses
// and the /frontdoor command into bot.Desk actions or, for direct messages, bot.Inbound (Inbox),
// applies the desk's effects to Slack (Applier: the handoff post, thread messages, updates,
// ephemeral notices, reactions; tips, posted once to the tips channel with an Ask tipster
// button, and what tipsters add by code), re-reads claimed threads for replies Slack never
// delivered (Reconciler), and receives the same events over Socket Mode (RunSocketMode).
//
// The rules (who may reply, when a reply is held, escalation) live in package bot; this package
// only translates. Staff see the texter's alias, never the number: nothing here has it.
// Texters' words are posted escaped (Escape, or MsgOptionText with escape), with link and media
// unfurling off.
//
// Imports: bot, flows and slack-go only. integrations/web (the HTTP routes) and cmd/frontdoor
// import it.
package slack
