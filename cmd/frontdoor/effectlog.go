package main

import (
	"context"
	"log/slog"

	"github.com/nhttf/frontdoor/bot"
)

// logApplier is the bot.Applier of serve without Slack (and `serve --dev`): it prints what staff
// would get. It logs aliases, queues and tip codes only, never a number, an answer or a message
// text. Tips are kept in the store all the same (frontdoor tips export).
type logApplier struct{ log *slog.Logger }

func (a logApplier) Apply(_ context.Context, e bot.Effect) error {
	attrs := []any{"alias", e.Alias, "at", e.At}
	switch e.Kind {
	case bot.HandoffRequested:
		a.log.Info("handoff requested (no desk yet: staff are not told)", append(attrs, "queue", e.Queue, "urgent", e.Urgent)...)
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
