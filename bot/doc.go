// Package bot is Frontdoor's domain: sessions, inbound messages, replies and effects; the
// stateless Engine that runs flows (package flows) with looplab/fsm; the global keywords (STOP,
// HELP, DELETE, ...); and the interfaces the edges implement (Store, Clock, IDs, ...).
//
// bot never imports Echo, Redis, Slack or Twilio packages, never reads the clock or the
// environment itself, and does no I/O except through the interfaces it declares.
//
// Effects (effects.go) are what a turn causes outside the conversation, committed with it and
// applied by the outbox worker: one Effect type whose Kind says which fields it carries
// (kindFields, effect_fields.go), built by one constructor per kind (effect_new.go), worded for
// people by one table (describe.go).
//
// Two services share the stores: Bot answers texters, Desk (NewDesk) handles staff actions.
// Each is given what it uses when it is built, stores' sides included (store.go says which
// side enables what); Bot joins the desk to a texter's turn through the TurnHook it is given.
//
// Imports: flows, and its own leaf packages bot/region, bot/roster and bot/directory; no
// integrations/... (internal/layers enforces it). The integrations and cmd/frontdoor import bot,
// never the other way.
package bot
