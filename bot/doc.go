// Package bot is Frontdoor's domain: sessions, inbound messages, replies and effects; the
// stateless Engine that runs flows (package flows) with looplab/fsm; the global keywords (STOP,
// HELP, DELETE, ...); and the interfaces the edges implement (Store, Clock, IDs, ...).
//
// bot never imports Echo, Redis, Slack or Twilio packages, never reads the clock or the
// environment itself, and does no I/O except through the interfaces it declares.
//
// Imports: flows, and its own leaf packages bot/region, bot/roster and bot/directory; no
// integrations/... (internal/layers enforces it). The integrations and cmd/frontdoor import bot,
// never the other way.
package bot
