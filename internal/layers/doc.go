// Package layers holds no code: its test reads `go list` and the production sources and fails
// when the module's import direction is broken (see layers_test.go and README's Layout):
//
//   - flows imports no project package but internal/...;
//   - bot and bot/... import no integrations/...;
//   - only cmd/... reads the environment (os.Getenv, os.LookupEnv, os.Environ);
//   - only integrations/web imports Echo;
//   - no production package imports a test-support package;
//   - the module requires no browser driver: chromedp belongs to browser/, a module of its own
//     that holds tests only (modules_test.go).
package layers
