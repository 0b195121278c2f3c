// Package console is the coordinator console served by `frontdoor serve` at /console: coordinators
// sign in, see each flow drawn as a diagram, edit the flow files with the same lint as
// `frontdoor flows lint`, read the texts of each language side by side with SMS segment counts,
// try their draft in a simulated phone that runs the real engine (nothing is sent), run the
// transcript tests, publish, and roll back. It also shows a read-only live view (open handoffs
// by queue, tips and opt-outs today) and the audit log.
//
// # Why a package of its own
//
// The console is an http.Handler built on net/http's ServeMux, not on Echo: integrations/web
// mounts it with echo.WrapHandler under /console (web stays the only package importing Echo), and
// cmd wires it, so web does not import this package either. Its handlers are tested with
// httptest alone.
//
// # Pages are server-side
//
// Pages are Go html/template, with CSS and a small script embedded (go:embed); there is no
// front-end build step and nothing is fetched from elsewhere at run time. Every page works
// without the script, which only adds conveniences: live lint while typing, jumping to a line.
// Flow diagrams are drawn here as SVG (diagram.go) rather than by a Mermaid script in the
// browser: Mermaid's bundle is megabytes, would have to be vendored and kept up to date, and
// renders in the browser where a table of transitions is needed anyway for screen readers; the
// flows are small (tens of states), so a layered layout in a few hundred lines of Go does.
//
// # Access
//
// Accounts come from configuration (Users: a name and a bcrypt hash each). A signed-in session
// is an HMAC-signed cookie (HttpOnly, SameSite=Strict, Secure outside --dev) that names the
// account and its expiry, and is bound to the account's password hash, so changing a password
// signs out its sessions; it works on every replica without server-side state. Every form
// carries a CSRF token bound to the session (the sign-in form, a double-submit cookie), and
// cross-site POSTs are refused. After MaxFailures failed sign-ins within LockFor an account is
// locked for LockFor; the count is kept in the store (bot.SignInGuard), so it holds across
// replicas. Everything that changes something is written to the audit log (bot.AuditLog), with
// the account, never texter data.
//
// # Flows, drafts and publishing
//
// Each coordinator edits a draft (bot.Draft in the store): the files of the live version with
// their changes. A draft is published (bot.FlowStore.PublishFlows) only when lint finds no error
// and every transcript test passes; the replicas' bot.FlowWatcher then swap their engines. A
// rollback publishes an earlier version's files again, through the same checks.
//
// # Imports
//
// It imports bot, bot/directory, bot/report, bot/transcript, flows, internal/card,
// internal/linediff and internal/yamlpos; net/http, not Echo. Only cmd/frontdoor imports it.
package console
