package main

import (
	"context"
	"log/slog"

	"github.com/nhttf/frontdoor/bot"
)

// logApplier is the bot.Applier of serve without Slack (and `serve --dev`): it prints what staff
// would get. In production it logs aliases, queues and tip codes only, never a number, an answer
// or a message text. With content (serve --dev, on loopback with the in-memory store, for trying
// the product) it also prints the answers and texts staff would read; never a number, only the
// alias. Tips are kept in the store all the same (frontdoor tips export).
type logApplier struct {
	log     *slog.Logger
	content bool
}

func (a logApplier) Apply(_ context.Context, e bot.Effect) error {
	attrs := []any{"alias", e.Alias, "at", e.At}
	if a.content {
		if len(e.Answers) > 0 {
			attrs = append(attrs, "answers", e.Answers)
		}
		if e.Text != "" && (e.Kind == bot.TexterMessage || e.Kind == bot.TipAdded) {
			attrs = append(attrs, "text", e.Text)
		}
	}
	msg, kind := bot.LogEffect(e)
	a.log.Info(msg, append(attrs, kind...)...)
	return nil
}
