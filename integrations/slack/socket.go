package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// AckTimeout bounds the handling of one Slack request or Socket Mode envelope, inside the 3 s
// Slack waits for its acknowledgement; past it the work is abandoned and Slack sends it again.
const AckTimeout = 2500 * time.Millisecond

// RunSocketMode receives events, button presses and commands over Socket Mode (when
// SLACK_APP_TOKEN is set: no public URL needed) and hands them to the same Inbox as the HTTP
// routes, until ctx ends. An envelope is acknowledged only once handled, so one that failed
// (the store was down) comes again; each is handled within AckTimeout, so one that hangs does
// not hold up the ones after it. The client reconnects by itself.
func RunSocketMode(ctx context.Context, api *slack.Client, in *Inbox, log *slog.Logger) error {
	sm := socketmode.New(api)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case evt := <-sm.Events:
			in.socketEvent(ctx, sm, evt, log)
		}
	}
}

func (in *Inbox) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), AckTimeout)
	defer cancel()
	var payload any
	var err error
	switch evt.Type {
	case socketmode.EventTypeConnected:
		log.Info("slack socket mode connected")
		return
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		log.Warn("slack socket mode connection problem", "type", string(evt.Type))
		return
	case socketmode.EventTypeEventsAPI:
		_, err = in.Event(ctx, evt.Request.Payload)
	case socketmode.EventTypeInteractive:
		err = in.Interaction(ctx, evt.Request.Payload)
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return
		}
		var b []byte
		if b, err = in.Command(ctx, sc); err == nil {
			payload = json.RawMessage(b)
		}
	default:
		return
	}
	if err != nil {
		log.Warn("a slack envelope failed; slack will send it again", "type", string(evt.Type), "error", err)
		return
	}
	if evt.Request != nil {
		if payload != nil {
			err = sm.Ack(*evt.Request, payload)
		} else {
			err = sm.Ack(*evt.Request)
		}
		if err != nil {
			log.Warn("acknowledging a slack envelope failed", "error", err)
		}
	}
}
