package slack

import (
	"context"
	"errors"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// errNotPosted makes the worker retry an addition until its tip's post has landed.
var errNotPosted = errors.New("the tip is not posted yet")

// tip posts a new tip once, even after a crash between the post and its acknowledgement: the
// tip record is the ledger (begun, then the post's channel and ts; see tipLedger) and the post
// carries the code in its metadata. The roster's tips rules pick the channel from the tip's place and language
// (the national tips channel when none matches). An urgent tip mentions that rule's queue's staff
// on shift (its backups when nobody is).
func (a *Applier) tip(ctx context.Context, e bot.Effect) error {
	ro := a.Desk.CurrentRoster()
	channel, _ := ro.TipRoute(bot.RouteTexter(e.Lang, e.Answers))
	if channel == "" || a.Tips == nil {
		return &bot.PermanentError{Code: "no_tips_channel", Err: errors.New("tips have no channel or store")}
	}
	v := tipView{Code: e.TipCode, Lang: e.Lang, Channel: e.Channel, At: e.At, Urgent: e.Urgent, Answers: e.Answers}
	if e.Urgent {
		v.Mention = a.tipsOnCall(e.At, e.Lang, e.Answers)
	}
	text, blocks := renderTip(v)
	_, err := PostOnce(ctx, a.API, bot.NewLedger(tipLedger{tips: a.Tips, applier: a}), e.Texter, e.TipCode, channel, e.At,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	return err
}

// tipsOnCall is who an urgent tip alerts: the staff on shift of the queue its tips rule names
// (else the tips queue), else that queue's backups.
func (a *Applier) tipsOnCall(at time.Time, lang string, answers map[string]string) []string {
	ro := a.Desk.CurrentRoster()
	_, queue := ro.TipRoute(bot.RouteTexter(lang, answers))
	q, ok := ro.Queues[queue]
	if !ok {
		return nil
	}
	if who := q.OnShift(at); len(who) > 0 {
		return who
	}
	return q.Backup
}

// tipAdded keeps what a tipster added by texting their code with the tip, then posts it once
// in the tip's thread (retried until the tip's own post has landed).
func (a *Applier) tipAdded(ctx context.Context, e bot.Effect) error {
	if a.Tips == nil {
		return &bot.PermanentError{Code: "no_tips_store", Err: errors.New("tips have no store")}
	}
	tip, err := a.Tips.Tip(ctx, e.TipCode)
	if errors.Is(err, bot.ErrNoTip) {
		a.skip(e, "the tip is no longer kept")
		return nil
	}
	if err != nil {
		return err
	}
	text := e.Text
	if e.Media > 0 {
		text += " " + mediaNote
	}
	if err := a.Tips.AddToTip(ctx, e.TipCode, bot.TipAddition{ID: e.Key, At: e.At, Text: text}); err != nil && !errors.Is(err, bot.ErrNoTip) {
		return err
	}
	if tip.Post != bot.LedgerDone {
		return errNotPosted
	}
	var onCall []string
	if e.Urgent {
		onCall = a.tipsOnCall(e.At, tip.Lang, tip.Answers)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(tipAdditionText(e, onCall), false), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	th, err := PostOnceInThread(ctx, a.API, bot.NewLedger(a.Desk.Store), e.Texter, e.Key, tip.Posted, e.At, opts...)
	if errors.Is(err, bot.ErrConversationGone) && th.IsZero() {
		// The tipster erased their data: the addition is the tip's (kept without them), so it is
		// posted still. The ledger that lived with their conversation is gone, so the thread
		// itself is the record: the addition is looked for there (by the key in its metadata)
		// before it is posted, and a retry after a crash between the post and the ack finds it.
		_, err = PostOnceInThread(ctx, a.API, bot.NewLedger(lookFirst{}), e.Texter, e.Key, tip.Posted, e.At, opts...)
	}
	if errors.Is(err, bot.ErrConversationGone) {
		return nil
	}
	return err
}

// updateTip redraws a tip's post with the state of its follow-up.
func (a *Applier) updateTip(ctx context.Context, e bot.Effect, p post) error {
	th, ok, err := a.thread(ctx, e)
	if err != nil || !ok || a.Tips == nil {
		return err
	}
	tip, err := a.Tips.Tip(ctx, e.TipCode)
	if errors.Is(err, bot.ErrNoTip) {
		return nil // purged: the post stays as it was
	}
	if err != nil {
		return err
	}
	v := tipViewOf(tip)
	v.Status, v.User, v.Text = p.Status, p.User, p.Text
	text, blocks := renderTip(v)
	_, _, _, err = a.API.UpdateMessageContext(ctx, th.Channel, th.TS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	return err
}

// tipLedger is a tip's post record (bot.TipStore's Tip.Post and Tip.Posted) as a
// bot.LedgerStore, so that a tip's post follows bot.Ledger's protocol; the key is the code, and
// the texter is not used. It is a store of its own rather than the texter's ledger because a
// tip is kept without its texter (after an erasure, for the tips' retention). A tip purged
// meanwhile is still posted (nothing is lost), without a record.
type tipLedger struct {
	tips    bot.TipStore
	applier *Applier
}

var _ bot.LedgerStore = tipLedger{}

func (l tipLedger) Ledger(ctx context.Context, _, code string) (string, bot.LedgerState, error) {
	t, err := l.tips.Tip(ctx, code)
	if errors.Is(err, bot.ErrNoTip) {
		return "", bot.LedgerNone, nil
	}
	return t.Posted.String(), t.Post, err
}

func (l tipLedger) BeginLedger(ctx context.Context, _, code string) error {
	return l.gone(code, l.tips.BeginTipPost(ctx, code))
}

func (l tipLedger) SetLedger(ctx context.Context, _, code, value string) error {
	return l.gone(code, l.tips.SetTipPosted(ctx, code, parseThread(value)))
}

// ForgetLedger keeps the record: PostOnce never forgets a post (a retry of a begun post looks
// for it in Slack first), and a tip's record has no way back to none.
func (l tipLedger) ForgetLedger(context.Context, string, string) error { return nil }

func (l tipLedger) gone(code string, err error) error {
	if errors.Is(err, bot.ErrNoTip) {
		l.applier.log().Warn("posting a tip the store no longer keeps", "tip_code", code)
		return nil
	}
	return err
}

// lookFirst is a ledger that records nothing and holds every key as begun, so that PostOnce
// looks in Slack for the post carrying the key before it posts: for a post whose own ledger is
// gone (an addition to a tip whose tipster erased their data), Slack is the only record.
type lookFirst struct{}

var _ bot.LedgerStore = lookFirst{}

func (lookFirst) Ledger(context.Context, string, string) (string, bot.LedgerState, error) {
	return "", bot.LedgerBegun, nil
}
func (lookFirst) BeginLedger(context.Context, string, string) error       { return nil }
func (lookFirst) SetLedger(context.Context, string, string, string) error { return nil }
func (lookFirst) ForgetLedger(context.Context, string, string) error      { return nil }
