package bottest

import (
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// CheckEffects returns an observer of committed effects (memory.Store.ObserveEffects) that fails
// t for each effect that fills a field its kind does not carry (bot.Effect.Validate): a call site
// that sets a stray field.
func CheckEffects(t testing.TB) func(bot.Effect) {
	return func(e bot.Effect) {
		if err := e.Validate(); err != nil {
			t.Errorf("committed %v", err)
		}
	}
}
