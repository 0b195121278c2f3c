package main

import (
	"context"
	"log/slog"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
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
	switch e.Kind {
	case bot.HandoffRequested:
		queue := e.Queue
		if queue == flows.RouteQueue {
			queue = "(the roster's routing would pick it)"
		}
		a.log.Info("handoff requested (no staff desk: nobody is told; serve --dev only)", append(attrs, "queue", queue, "urgent", e.Urgent)...)
	case bot.TexterMessage:
		a.log.Info("texter wrote to staff", append(attrs, "urgent", e.Urgent, "media", e.Media)...)
	case bot.TipSubmitted:
		// channel "slack": staff entered it in a direct message to the app.
		a.log.Info("tip submitted", append(attrs, "tip_code", e.TipCode, "urgent", e.Urgent, "fields", len(e.Answers), "channel", string(e.Channel))...)
	case bot.TipAdded:
		a.log.Info("tipster added to their tip", append(attrs, "tip_code", e.TipCode, "urgent", e.Urgent, "media", e.Media)...)
	case bot.HandoffEnded:
		a.log.Info("handoff ended", append(attrs, "why", e.Text)...) // Text is one of bot's fixed reasons
	default:
		a.log.Info("effect", append(attrs, "kind", string(e.Kind))...)
	}
	return nil
}
