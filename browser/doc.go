// Package browser holds the browser tests: headless Chromium (through chromedp) drives the
// coordinator console, its reports and the web chat on the real built `frontdoor serve`, run as
// a process by internal/servetest with Redis and the fake Slack and Twilio.
//
// It is a module of its own (github.com/nhttf/frontdoor/browser, the project's module replaced
// by ../), so the browser driver is no dependency of the product: `go mod download` in the
// project does not fetch it. The package has no code outside its tests.
//
// Imports: flows, bot, integrations/redis (to seed and read the store serve uses), the test
// fakes and internal/servetest. Without chromium the tests skip; with CI set they fail.
package browser
