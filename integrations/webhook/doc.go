// Package webhook sends tips, their additions and closed handoffs to partners' case-management
// systems (docs/reporting.md): the destinations of a config file (Read), each delivery signed
// following the Standard Webhooks specification with its reference Go library (webhook-id,
// webhook-timestamp, webhook-signature), over an HTTP client that reaches only https URLs on
// public addresses (the SSRF guard, checked again at every connection). Deliveries are
// bot.PartnerWebhook effects in the outbox: Sender applies them, and the outbox worker retries
// them with backoff and dead-letters them. No payload holds a number, texter key or alias.
//
// Imports: bot, the Standard Webhooks library and a YAML parser. Only cmd/frontdoor imports it.
package webhook
