package bot

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/nhttf/frontdoor/flows"
)

// DefaultTipRetention is how long tips are kept after they were submitted (FRONTDOOR_TIP_RETENTION).
const DefaultTipRetention = 30 * 24 * time.Hour

// MaxTipAdditions is how many additions a tip keeps; later ones are still posted in its thread.
const MaxTipAdditions = 100

// Tip is an anonymous tip as the store keeps it: for its delivery to the tips channel, for
// follow-up, for export to case systems, until the retention ends. It never holds the number.
// Texter is the texter key (an HMAC), kept sealed by the store, so that staff questions can be
// routed to the tipster while they have a conversation; it is dropped when they erase their data.
type Tip struct {
	Code      string
	Submitted time.Time
	Lang      string
	Channel   Channel           // ChannelSMS, or ChannelSlack: staff entered it in a direct message to the app
	Urgent    bool              // someone is in danger now
	Alias     string            // the conversation alias staff saw
	Answers   map[string]string // where, what, when, involved, and any other answer the flow saved
	Texter    string            // "" once the tipster erased their data

	Post      LedgerState   // the post to the tips channel: none yet, begun, or done
	Posted    Thread        // where it was posted, once done
	Additions []TipAddition // what the tipster added later by texting the code, oldest first
}

// MayText reports whether the tipster said staff may text them with questions (the yes to the
// question that saves flows.FieldMayText).
func (t Tip) MayText() bool { return t.Answers[flows.FieldMayText] == "yes" }

// TipAddition is what a tipster added to their tip by texting its code.
type TipAddition struct {
	ID   string // the effect's Key: the same addition is kept once
	At   time.Time
	Text string
}

// TipStore keeps the tips. integrations/memory and integrations/redis implement it on the same
// data as their Store; storetest.RunTips is its contract.
//
// A tip is written by Store.Commit, in the same atomic write as the session that submitted it
// (Commit.Tip): a code that is taken is refused with ErrTipCodeTaken and nothing is written, so
// codes are unique for as long as their tips are kept. A store with several shards keeps a tip
// in the shard of its code, ShardOf(code, Shards()), and may also refuse (ErrTipCodeTaken) a code
// outside the texter's shard: the engine draws codes in the texter's shard (StepOptions).
type TipStore interface {
	// Shards returns how many shards the store spreads texters and tips over.
	Shards() int
	// Tip returns the tip with code; ErrNoTip when there is none (never was, or purged).
	Tip(ctx context.Context, code string) (Tip, error)
	// BeginTipPost records that the tip's post began (Tip.Post becomes LedgerBegun);
	// SetTipPosted that it landed at th. Both return ErrNoTip for an unknown code.
	BeginTipPost(ctx context.Context, code string) error
	SetTipPosted(ctx context.Context, code string, th Thread) error
	// AddToTip keeps an addition, once per a.ID; ErrNoTip for an unknown code.
	AddToTip(ctx context.Context, code string, a TipAddition) error
	// Tips returns the tips submitted at or after since, oldest first (then by code).
	Tips(ctx context.Context, since time.Time) ([]Tip, error)
	// PurgeTips deletes the tips submitted before before, and returns how many it deleted.
	PurgeTips(ctx context.Context, before time.Time) (int, error)
}

var (
	// ErrNoTip means no tip has the code.
	ErrNoTip = errors.New("no such tip")
	// ErrTipCodeTaken means a commit's tip code is taken, or cannot be kept with the texter's
	// data; nothing was written. bot.Bot draws another code and tries again.
	ErrTipCodeTaken = errors.New("the tip code is taken")
)

// newTip returns the tip record a commit files, or nil when it files none: the engine's
// TipSubmitted effect holds the code and the answers.
func newTip(c Commit) *Tip {
	for _, e := range c.Effects {
		if e.Kind != TipSubmitted {
			continue
		}
		answers := maps.Clone(e.Answers)
		delete(answers, flows.FieldTipCode)
		return &Tip{Code: e.TipCode, Submitted: e.At, Lang: e.Lang, Channel: e.Channel, Urgent: e.Urgent,
			Alias: e.Alias, Answers: answers, Texter: c.Texter}
	}
	return nil
}

// tipShards is the shard count tip codes are drawn for: the tip store's, or 1 without one.
func (b *Bot) tipShards() int {
	if b.Tips != nil {
		return b.Tips.Shards()
	}
	return 1
}

// ownTip reports whether the message starts with the code of a tip the texter submitted. It is
// the one extra round trip a message pays, and only a message that starts with a code.
func (b *Bot) ownTip(ctx context.Context, texter string, in Inbound) (string, error) {
	code, _, ok := ParseTipCode(in.Body)
	if !ok || b.Tips == nil || MatchKeyword(in.Body) != KeywordNone {
		return "", nil
	}
	tip, err := b.Tips.Tip(ctx, code)
	switch {
	case errors.Is(err, ErrNoTip):
		return "", nil
	case err != nil:
		return "", err
	case tip.Texter == "" || tip.Texter != texter:
		return "", nil // not theirs: answered like a code that does not exist
	}
	return code, nil
}
