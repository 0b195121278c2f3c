package slack

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Handler runs the flows for a Slack user writing to the app; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Inbound) bot.Outcome
}

// Inbox turns what Slack sends (events, button presses, the /frontdoor command) into desk
// actions and flow messages. The HTTP routes (integrations/web, after the signature check) and
// Socket Mode call the same methods. Each decides and commits within the request, so a failure
// (the store is down) is returned for Slack to retry; the Slack and SMS calls it causes happen
// afterwards, through the outbox. Notices nothing could commit (a reply in a closed thread) are
// sent at once, best effort, through Direct.
type Inbox struct {
	Desk   *bot.Desk
	Flows  Handler     // direct messages to the app
	Direct bot.Applier // the Slack Applier
	Log    *slog.Logger

	notices sync.WaitGroup // direct notices being shown
}

// directTimeout bounds showing the direct notices of one action.
const directTimeout = 10 * time.Second

// Wait returns once the direct notices being shown are done (each batch within 10 s). Call it
// after the HTTP server and Socket Mode stopped, before the process exits, so that none is cut
// off and none runs past shutdown.
func (in *Inbox) Wait() { in.notices.Wait() }

// ErrFailSafe means the store or the engine failed on a direct message: Slack should retry.
var ErrFailSafe = errors.New("the message could not be handled")

// Event handles an Events API body and returns what to answer (the challenge of a URL
// verification; otherwise nothing). Events it does not use are acknowledged and ignored.
func (in *Inbox) Event(ctx context.Context, body []byte) ([]byte, error) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		return nil, nil // an event type slack-go does not know: nothing for us
	}
	switch ev.Type {
	case slackevents.URLVerification:
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			return json.Marshal(map[string]string{"challenge": v.Challenge})
		}
	case slackevents.CallbackEvent:
		if m, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent); ok {
			return nil, in.message(ctx, m)
		}
	}
	return nil, nil
}

// message handles a message event. The app's own posts, edits, deletions and other subtypes
// are never relayed (a file shared with a message is: its text, and the owner is told the file
// was not sent); top-level channel messages are staff talking among themselves.
func (in *Inbox) message(ctx context.Context, m *slackevents.MessageEvent) error {
	if m.BotID != "" || m.User == "" || !relayedSubtype(m.SubType) {
		return nil
	}
	if m.ChannelType == "im" {
		return in.dm(ctx, m)
	}
	if m.ThreadTimeStamp == "" || m.ThreadTimeStamp == m.TimeStamp {
		return nil
	}
	a := ReplyAction(m.Channel, m.ThreadTimeStamp, m.User, m.TimeStamp, m.Text)
	if m.Message != nil {
		a.Files = len(m.Message.Files)
	}
	return in.act(ctx, a)
}

// relayedSubtype reports whether a message of this subtype can be a staff reply: a plain
// message, one also sent to the channel, or one that shares a file (its text is relayed).
func relayedSubtype(subtype string) bool {
	return subtype == "" || subtype == "thread_broadcast" || subtype == "file_share"
}

// ReplyAction is the desk action of a staff message in a thread; the ID is the message itself, so
// an event retry and the reconciler finding it act once.
func ReplyAction(channel, threadTS, user, ts, text string) bot.Action {
	return bot.Action{Kind: bot.ActReply, ID: "msg:" + channel + ":" + ts, Thread: bot.Thread{Channel: channel, TS: threadTS},
		User: user, TS: ts, Text: ToSMS(text)}
}

// dm runs the flows for a Slack user; the replies go out through the outbox.
func (in *Inbox) dm(ctx context.Context, m *slackevents.MessageEvent) error {
	out := in.Flows.Handle(ctx, bot.Inbound{ID: "dm:" + m.Channel + ":" + m.TimeStamp, Channel: bot.ChannelSlack,
		From: m.User, Body: ToSMS(m.Text)})
	if out.FailSafe {
		return ErrFailSafe
	}
	return nil
}

// Interaction handles a block_actions payload: the desk's buttons and the Transfer menu.
func (in *Inbox) Interaction(ctx context.Context, payload []byte) error {
	var ic slack.InteractionCallback
	if err := json.Unmarshal(payload, &ic); err != nil || ic.Type != slack.InteractionTypeBlockActions {
		return nil
	}
	for _, ba := range ic.ActionCallback.BlockActions {
		if a, ok := buttonAction(ic, ba); ok {
			if err := in.act(ctx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// buttonAction reads a button press. Every button's value starts with the thread's ts (empty on
// the post itself, whose ts it is); Send anyway and Don't send add the held message's. Ask
// tipster, on a tip's post, has the tip's code.
func buttonAction(ic slack.InteractionCallback, ba *slack.BlockAction) (bot.Action, bool) {
	kinds := map[string]bot.ActionKind{actionClaim: bot.ActClaim, actionClose: bot.ActClose, actionOutcome: bot.ActClose,
		actionTransfer: bot.ActTransfer, actionSend: bot.ActConfirm, actionDiscard: bot.ActDiscard, actionResend: bot.ActResend,
		actionAskTipster: bot.ActAskTipster, actionSay: bot.ActSay, actionRefer: bot.ActRefer}
	kind, ok := kinds[ba.ActionID]
	if !ok {
		return bot.Action{}, false
	}
	stamp := ba.ActionTs
	if stamp == "" {
		stamp = ic.TriggerID
	}
	a := bot.Action{Kind: kind, ID: "act:" + ic.User.ID + ":" + stamp, User: ic.User.ID,
		Thread: bot.Thread{Channel: ic.Container.ChannelID, TS: ic.Container.MessageTs}}
	if kind == bot.ActAskTipster { // on the tip's post; the value is its code
		a.Tip = ba.Value
		return a, true
	}
	if kind == bot.ActSay { // on the post, whose ts is the thread's; the option is the reply's name
		a.Reply = ba.SelectedOption.Value
		return a, true
	}
	if ba.ActionID == actionOutcome { // the option's value: the thread's ts and the outcome
		threadTS, code := splitValue(ba.SelectedOption.Value)
		if threadTS != "" {
			a.Thread.TS = threadTS
		}
		a.Outcome = code
		return a, true
	}
	threadTS, msgTS := splitValue(ba.Value)
	if threadTS != "" {
		a.Thread.TS = threadTS
	}
	if kind == bot.ActRefer { // a Send button names the provider; the post's Refer button nothing
		a.Provider = msgTS
		return a, true
	}
	a.TS, a.Queue = msgTS, ba.SelectedOption.Value
	return a, true
}

func splitValue(v string) (string, string) {
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' {
			return v[:i], v[i+1:]
		}
	}
	return v, ""
}

// act hands an action to the desk and sends its direct notices.
func (in *Inbox) act(ctx context.Context, a bot.Action) error {
	out, err := in.Desk.Act(ctx, a)
	if err != nil {
		return err
	}
	in.direct(out.Direct)
	return nil
}

// direct applies uncommitted notices at once, without delaying the answer to Slack; Wait waits
// for them.
func (in *Inbox) direct(effects []bot.Effect) {
	if len(effects) == 0 || in.Direct == nil {
		return
	}
	in.notices.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), directTimeout)
		defer cancel()
		for _, e := range effects {
			if err := in.Direct.Apply(ctx, e); err != nil {
				in.log().Warn("a desk notice was not shown", "kind", e.Kind, "error_class", errorClass(err))
			}
		}
	})
}

func errorClass(err error) string {
	var pe *bot.PermanentError
	if errors.As(err, &pe) {
		return "permanent " + pe.Code
	}
	return "transient"
}

func (in *Inbox) log() *slog.Logger {
	if in.Log == nil {
		return slog.Default()
	}
	return in.Log
}
