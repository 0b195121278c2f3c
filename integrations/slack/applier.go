package slack

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// mediaNote stands in for a texter's attachments, which are never fetched.
const mediaNote = "[photo received]"

// erasedNote replaces a texter's words in the thread when they erase their data.
const erasedNote = "[erased at the texter's request]"

// Applier applies the desk's Slack effects (bot.Applier): the handoff post, the texter's
// messages and Frontdoor's notes in its thread, redrawing the post, ephemeral notices, reactions,
// the flows' replies to a Slack user, and tips: their post and what tipsters add (tips.go). Errors are classified for the outbox worker (Classify);
// every effect is safe to apply again: a post through PostOnce, an update or a reaction twice is
// the same; only a thread message could repeat after a crash between Slack's answer and the ack.
type Applier struct {
	API  *slack.Client
	Desk *bot.Desk    // the roster, the ledger, and Posted back to the desk
	Tips bot.TipStore // the tips: their post ledger and additions (tips.go)
	Log  *slog.Logger
}

// Apply implements bot.Applier.
func (a *Applier) Apply(ctx context.Context, e bot.Effect) error {
	return Classify(a.apply(ctx, e))
}

func (a *Applier) apply(ctx context.Context, e bot.Effect) error {
	switch e.Kind {
	case bot.HandoffRequested:
		return a.handoff(ctx, e)
	case bot.TexterMessage:
		return a.inThread(ctx, e, texterText(e), true)
	case bot.DeskNote:
		return a.inThread(ctx, e, e.Text, false)
	case bot.HandoffEnded:
		return a.ended(ctx, e)
	case bot.Erased:
		return a.erased(ctx, e)
	case bot.DeskUpdate:
		return a.update(ctx, e, post{Status: e.Status, User: e.User, Text: e.Text})
	case bot.DeskEphemeral:
		return a.ephemeral(ctx, e)
	case bot.DeskReaction:
		return a.react(ctx, e)
	case bot.TipSubmitted:
		return a.tip(ctx, e)
	case bot.TipAdded:
		return a.tipAdded(ctx, e)
	case bot.ChatReply:
		_, _, err := a.API.PostMessageContext(ctx, e.DM, slack.MsgOptionText(e.Text, true),
			slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
		return err
	}
	return nil // not a desk effect: cmd routes those elsewhere
}

// handoff posts a new conversation to its queue's channel once, mentioning who is on shift (the
// backups when nobody is), and tells the desk where it landed. A handoff that ended before it
// was posted is not posted at all; one that ended while it was being posted is redrawn as ended.
func (a *Applier) handoff(ctx context.Context, e bot.Effect) error {
	q, ok := a.Desk.CurrentRoster().Queues[e.Queue]
	if !ok {
		return &bot.PermanentError{Code: "unknown_queue", Err: errors.New("the roster has no queue " + e.Queue)}
	}
	key := "post:" + e.Handoff
	if current, err := a.Desk.Current(ctx, e.Texter, e.Handoff); err != nil {
		return err
	} else if !current {
		if rec, err := bot.NewLedger(a.Desk.Store).Check(ctx, e.Texter, key); err != nil || rec.State == bot.LedgerNone {
			return err // nothing posted, nothing to post
		}
	}
	p := a.view(e, post{OnShift: q.OnShift(e.At), Backup: q.Backup})
	if e.User != "" { // transferred here
		p.User, p.Text = e.User, e.Text
	}
	text, blocks := render(p)
	th, err := PostOnce(ctx, a.API, bot.NewLedger(a.Desk.Store), e.Texter, key, q.Channel, e.At, slack.MsgOptionText(text, false),
		slack.MsgOptionBlocks(blocks...), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	gone := errors.Is(err, bot.ErrConversationGone) // erased while the post was in flight
	switch {
	case gone && th.IsZero():
		return nil // nothing posted, nothing recorded
	case err != nil && !gone:
		return err
	case !gone:
		out, err := a.Desk.Act(ctx, bot.Action{Kind: bot.ActPosted, Texter: e.Texter, Handoff: e.Handoff, Thread: th})
		if err != nil || !out.Stale {
			return err
		}
		gone = out.Gone
	}
	e.Thread = th
	if gone {
		e.Answers = nil // the texter's words leave the post with them
	}
	return a.redraw(ctx, e, post{Status: bot.StatusEnded, Text: "the texter left before anyone answered"})
}

// view fills a post from an effect.
func (a *Applier) view(e bot.Effect, p post) post {
	p.Alias, p.Lang, p.Queue, p.Urgent, p.Answers, p.Channel = e.Alias, e.Lang, e.Queue, e.Urgent, e.Answers, e.Channel
	p.Queues = a.Desk.OtherQueues(e.Queue)
	ro := a.Desk.CurrentRoster()
	p.Replies = replyNames(a.Desk.Flows().Guide())
	p.Refer = a.Desk.Directory != nil && len(a.Desk.Directory.Providers) > 0
	p.QueueLabels = make(map[string]string, len(p.Queues))
	for _, q := range p.Queues {
		p.QueueLabels[q] = ro.QueueLabel(q)
	}
	return p
}

// thread finds the effect's thread: named by the effect, or, when the post had not landed at
// commit time, recorded in the ledger since. ok is false when the handoff was never posted.
func (a *Applier) thread(ctx context.Context, e bot.Effect) (bot.Thread, bool, error) {
	if !e.Thread.IsZero() {
		return e.Thread, true, nil
	}
	if e.Handoff == "" || e.Texter == "" {
		return bot.Thread{}, false, nil
	}
	rec, err := bot.NewLedger(a.Desk.Store).Check(ctx, e.Texter, "post:"+e.Handoff)
	if err != nil || rec.State != bot.LedgerDone {
		return bot.Thread{}, false, err
	}
	return parseThread(rec.Value), true, nil
}

// texterText is a texter's message as the thread shows it. HELP is flagged: the texter got the
// automatic help text, and may need a person now.
func texterText(e bot.Effect) string {
	body := e.Text
	if e.Media > 0 {
		body = strings.TrimSpace(body + " " + mediaNote)
	}
	prefix := "*Texter " + e.Alias + ":* "
	if e.Status == bot.MarkHelp {
		prefix = ":sos: *Texter " + e.Alias + " sent HELP* (they were sent Frontdoor's automatic help text: 911, the hotline, how to stop texts; they may need you now): "
	}
	if e.Urgent {
		prefix = ":rotating_light: " + prefix
	}
	return prefix + body
}

// inThread posts into the conversation's thread: the texter's words escaped (nothing in them
// can mention, link or address the channel), Frontdoor's notes as written. Unfurling is off.
func (a *Applier) inThread(ctx context.Context, e bot.Effect, text string, texter bool) error {
	th, ok, err := a.thread(ctx, e)
	if err != nil || !ok {
		if err == nil {
			a.skip(e, "the handoff was never posted")
		}
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, texter), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if e.Kind == bot.DeskNote { // only a note offers buttons
		if blocks := offer(text, e.Offer, th, e.TS); blocks != nil {
			opts = append(opts, slack.MsgOptionBlocks(blocks...))
		}
	}
	meta := slack.SlackMetadata{EventType: metaPost}
	if texter {
		meta = slack.SlackMetadata{EventType: metaTexter, EventPayload: map[string]any{"handoff": e.Handoff}}
	}
	if e.Key != "" {
		// At most once, also across a crash between Slack's answer and the outbox's ack: the
		// ledger and the message's metadata carry the key. A conversation erased meanwhile gets
		// nothing more (what was posted just now is redacted by its Erased effect, next).
		_, err = postOnceInThread(ctx, a.API, bot.NewLedger(a.Desk.Store), e.Texter, e.Key, th, e.At, meta, opts)
		if errors.Is(err, bot.ErrConversationGone) {
			a.skip(e, "the conversation was erased or expired")
			return nil
		}
		return err
	}
	opts = append(opts, slack.MsgOptionTS(th.TS))
	if texter {
		opts = append(opts, slack.MsgOptionMetadata(meta))
	}
	_, _, err = a.API.PostMessageContext(ctx, th.Channel, opts...)
	return err
}

// ended tells the thread the texter left, and redraws the post (without the answers if they
// asked to erase their data).
func (a *Applier) ended(ctx context.Context, e bot.Effect) error {
	note := e
	note.Text = "Texter " + e.Alias + " left: " + e.Text + ". Replies are no longer sent."
	if err := a.inThread(ctx, note, note.Text, false); err != nil {
		return err
	}
	return a.update(ctx, e, post{Status: bot.StatusEnded, Text: e.Text})
}

// erased redacts the texter's words the app posted in every thread of theirs: the open
// handoff's and those of earlier handoffs in the session (Effect.Threads). Their messages become
// erasedNote, and a handoff post that still shows their answers is redrawn without them (a
// tip's post stays: tips are kept, without their texter).
func (a *Applier) erased(ctx context.Context, e bot.Effect) error {
	threads := slices.Clone(e.Threads)
	th, ok, err := a.thread(ctx, e)
	if err != nil {
		return err
	}
	if ok && !slices.Contains(threads, th) {
		threads = append(threads, th)
	}
	for _, th := range threads {
		if err := a.redact(ctx, th); err != nil {
			return err
		}
	}
	return nil
}

// redact erases the texter's words from one thread. A thread Slack no longer has is done.
func (a *Applier) redact(ctx context.Context, th bot.Thread) error {
	p := &slack.GetConversationRepliesParameters{ChannelID: th.Channel, Timestamp: th.TS, Limit: 200, IncludeAllMetadata: true}
	for range 50 {
		msgs, more, cursor, err := a.API.GetConversationRepliesContext(ctx, p)
		if isCode(err, "thread_not_found") || isCode(err, "channel_not_found") {
			return nil
		}
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if err := a.redactMessage(ctx, th, m); err != nil && !isCode(err, "message_not_found") {
				return err
			}
		}
		if !more || cursor == "" {
			return nil
		}
		p.Cursor = cursor
	}
	a.log().Warn("erasure stopped in a very long thread; later messages there were not redacted", "channel", th.Channel)
	return nil
}

func (a *Applier) redactMessage(ctx context.Context, th bot.Thread, m slack.Message) error {
	switch {
	case m.Timestamp == th.TS:
		kept := slices.DeleteFunc(slices.Clone(m.Blocks.BlockSet), func(b slack.Block) bool { return b.ID() == blockAnswers })
		if len(kept) == len(m.Blocks.BlockSet) {
			return nil // no answers shown (a tip's post, or redrawn already)
		}
		_, _, _, err := a.API.UpdateMessageContext(ctx, th.Channel, m.Timestamp, slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(kept...))
		return err
	case m.Metadata.EventType == metaTexter && m.Text != erasedNote:
		_, _, _, err := a.API.UpdateMessageContext(ctx, th.Channel, m.Timestamp, slack.MsgOptionText(erasedNote, false))
		return err
	}
	return nil
}

// update redraws the handoff post, or the tip post of a tip's follow-up.
func (a *Applier) update(ctx context.Context, e bot.Effect, p post) error {
	if e.TipCode != "" {
		return a.updateTip(ctx, e, p)
	}
	return a.redraw(ctx, e, p)
}

// redraw redraws the handoff post.
func (a *Applier) redraw(ctx context.Context, e bot.Effect, p post) error {
	th, ok, err := a.thread(ctx, e)
	if err != nil || !ok {
		return err
	}
	if q, known := a.Desk.CurrentRoster().Queues[e.Queue]; known && p.Status == "" { // waiting: who is on shift now
		p.OnShift, p.Backup = q.OnShift(e.At), q.Backup
	}
	text, blocks := render(a.view(e, p))
	_, _, _, err = a.API.UpdateMessageContext(ctx, th.Channel, th.TS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	return err
}

// ephemeral shows a notice to one staff member in the thread, with buttons if offered.
func (a *Applier) ephemeral(ctx context.Context, e bot.Effect) error {
	th, ok, err := a.thread(ctx, e)
	if err != nil || !ok {
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(e.Text, false), slack.MsgOptionTS(th.TS)}
	if blocks := offer(e.Text, e.Offer, th, e.TS); blocks != nil {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	_, err = a.API.PostEphemeralContext(ctx, th.Channel, e.User, opts...)
	return err
}

// react adds a reaction to a staff message; one already there is fine.
func (a *Applier) react(ctx context.Context, e bot.Effect) error {
	th, ok, err := a.thread(ctx, e)
	if err != nil || !ok {
		return err
	}
	err = a.API.AddReactionContext(ctx, e.Text, slack.ItemRef{Channel: th.Channel, Timestamp: e.TS})
	if isCode(err, "already_reacted") {
		return nil
	}
	return err
}

func (a *Applier) skip(e bot.Effect, why string) {
	a.log().Warn("desk effect skipped", "kind", e.Kind, "alias", e.Alias, "why", why)
}

func (a *Applier) log() *slog.Logger {
	if a.Log == nil {
		return slog.Default()
	}
	return a.Log
}
