// Package twilio is Frontdoor's Twilio edge, on twilio-go v1.31.0: the X-Twilio-Signature check,
// parsing inbound SMS webhooks and status callbacks, TwiML replies, and the REST sender
// (bot.Sender) for messages that answer no webhook.
//
// Personal data stays in: the texter's number is only ever passed on inside bot.Inbound or to
// Twilio; errors and logs carry codes, statuses and message SIDs, never numbers or bodies. Twilio's
// geo fields (FromCity, FromState, FromZip, FromCountry, To*) are never read.
//
// Imports: bot and twilio-go only. integrations/web (the webhooks) and cmd/frontdoor import it.
package twilio
