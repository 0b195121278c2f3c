// Package web is Frontdoor's HTTP server, on Echo v4.16.0 (the only package that imports Echo):
// the routes of DESIGN.md §4 (routes.go), the middleware every webhook passes (a 64 KiB body
// limit, the raw body kept, the signature check), the Twilio handlers, health, readiness and
// Prometheus metrics, and graceful shutdown.
//
// Nothing here logs a phone number, a message body or a query string; request logs name the
// route, the status and the time taken.
//
// Imports: bot, integrations/slack and integrations/twilio, Echo and Prometheus; the console and
// web chat are mounted as http.Handlers that cmd/frontdoor builds, so web does not import them.
// Only cmd/frontdoor imports web.
package web
