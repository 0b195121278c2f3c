package storetest

import (
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// texterMessage is a texter's message to staff as the engine commits it: text from texter tx,
// with the alias and time given (empty ones stay empty).
func texterMessage(tx, alias string, at time.Time, text string) bot.Effect {
	e := bot.NewTexterMessage(bot.TexterMessageFields{Text: text})
	e.Texter, e.Alias, e.At = tx, alias, at
	return e
}

// erased is the effect of texter tx asking to erase their data.
func erased(tx string) bot.Effect {
	e := bot.NewErased()
	e.Texter = tx
	return e
}
