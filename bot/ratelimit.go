package bot

import (
	"context"
	"fmt"
	"time"
)

// Default per-texter limit: 30 messages in a 10-minute window.
const (
	DefaultRateMax    = 30
	DefaultRateWindow = 10 * time.Minute
)

// RateLimit bounds how many messages one texter may send in a window. Beyond Max the texter gets
// one SlowDown reply, then silence until the window that began with their first counted message
// ends. A texter with staff keeps reaching them beyond Max, up to StaffMax: the message past it
// reaches staff with a note that later ones in the window are not shown, and later ones do not
// reach them (so one texter cannot flood a channel Slack rate-limits for everyone in it). The
// zero value means no limit.
type RateLimit struct {
	Max    int
	Window time.Duration
}

// Enabled reports whether the limit is set.
func (l RateLimit) Enabled() bool { return l.Max > 0 && l.Window > 0 }

// StaffMax is how many messages in a window reach staff: twice Max.
func (l RateLimit) StaffMax() int { return 2 * l.Max }

// counted is the highest position the counter records: one past StaffMax.
func (l RateLimit) counted() int { return l.StaffMax() + 1 }

// Relay says what becomes of a message at position, for a texter with staff.
type Relay int

const (
	RelayAll  Relay = iota // relay it
	RelayLast              // relay it, and tell staff later ones in the window are not shown
	RelayNone              // do not relay it
)

// JudgeStaff says whether a texter with staff still reaches them at position.
func (l RateLimit) JudgeStaff(position int) Relay {
	switch {
	case !l.Enabled() || position <= l.StaffMax():
		return RelayAll
	case position == l.StaffMax()+1:
		return RelayLast
	}
	return RelayNone
}

// RateCounter loads a texter's snapshot and counts a message toward the rate limit, in fixed
// windows, in one step. It is shared by every replica (the Redis store implements it in Load's
// round trip for production), so the limit holds however the load balancer spreads a texter's
// messages.
type RateCounter interface {
	// LoadCounted is Store.Load plus the message's 1-based position in the texter's current
	// window, which starts with the first counted message and lasts window. A message already
	// counted in this window gets its first position again, so a provider retry gets the same
	// verdict. Once cap messages are counted, further ones are not recorded and get cap+1. The
	// position is 0 when the message was not counted: a counter failure lets it through (fail
	// open), so the texter is never left without an answer because of the limiter.
	LoadCounted(ctx context.Context, texter, messageID string, window time.Duration, cap int) (Snapshot, int, error)
}

// Verdict is what the rate limit decides for one message.
type Verdict int

const (
	Allow    Verdict = iota // handle the message
	SlowDown                // the first message over the limit: answer with Messages.SlowDown only
	Silence                 // further messages over the limit: no answer at all
)

// Judge turns a message's position in the window into a verdict.
func (l RateLimit) Judge(position int) Verdict {
	switch {
	case !l.Enabled() || position <= l.Max:
		return Allow
	case position == l.Max+1:
		return SlowDown
	}
	return Silence
}

// load reads the texter's snapshot and, when a limit is set, counts the message toward it through
// Limiter. The position is 0 when the message was not counted. STOP, DELETE and EXIT are never
// counted (exempt).
func (b *Bot) load(ctx context.Context, texter string, in Inbound) (Snapshot, int, error) {
	if b.Limiter == nil || !b.Limit.Enabled() || exempt(in) {
		snap, err := b.Store.Load(ctx, texter, in.ID)
		return snap, 0, err
	}
	return b.Limiter.LoadCounted(ctx, texter, in.ID, b.Limit.Window, b.Limit.counted())
}

// exempt reports whether a message is never rate limited: an opt-out, an erasure request or a
// quick exit (EXIT, SALIR; the web chat's quick-exit button sends it too) is always honoured.
func exempt(in Inbound) bool {
	kw := MatchKeyword(in.Body)
	return kw == KeywordStop || kw == KeywordDelete || kw == KeywordExit
}

// floodNote tells staff a texter's later messages in this window are not shown to them.
func (b *Bot) floodNote(texter string, s Session, in Inbound) Effect {
	text := fmt.Sprintf("Texter %s has sent more than %d messages in %s. Their next messages in this time are not shown here; they have been asked to slow down.",
		s.Alias, b.Limit.StaffMax(), minutes(b.Limit.Window))
	note := DeskNoteFields{Text: text, Key: postKey("note", in.ID+"/flood")}
	if h := s.Handoff; h != nil {
		note = DeskNoteAbout(h, note.Text, note.Key)
	}
	return NewDeskNote(note).stamped(texter, &s, b.Clock.Now())
}

// limitedReplies are the answers to a message over the limit. An opted-out texter gets nothing,
// not even SlowDown: only the STOP confirmation and HELP replies may reach them.
func (b *Bot) limitedReplies(v Verdict, s Session) []string {
	if v != SlowDown || s.OptedOut {
		return nil
	}
	return []string{text(b.Engine.msgs.SlowDown, s.Lang)}
}
