// Package bot is Frontdoor's domain: sessions, inbound messages, replies and effects; the
// stateless Engine that runs flows (package flows) with looplab/fsm; the global keywords (STOP,
// HELP, DELETE, ...); and the interfaces the edges implement (Store, Clock, IDs, ...).
//
// bot never imports Echo, Redis, Slack or Twilio packages, never reads the clock or the
// environment itself, and does no I/O except through the interfaces it declares.
package bot
