package memory

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultMailboxTTL is how long a web chat visitor's messages are kept after the last one.
const DefaultMailboxTTL = 24 * time.Hour

// Mailbox is bot.Mailbox in memory, for --dev and tests. The zero value is not usable; call
// NewMailbox.
type Mailbox struct {
	clock bot.Clock
	ttl   time.Duration

	mu    sync.Mutex
	boxes map[string]*box // by texter
}

type box struct {
	msgs    []bot.WebMessage
	expires time.Time // of the messages
	seen    time.Time // the page counts as open until then
}

var _ bot.Mailbox = (*Mailbox)(nil)

// NewMailbox returns an empty mailbox that reads time from clock.
func NewMailbox(clock bot.Clock) *Mailbox {
	return &Mailbox{clock: clock, ttl: DefaultMailboxTTL, boxes: map[string]*box{}}
}

// errMailboxFull refuses a post beyond bot.MaxWebMessages.
var errMailboxFull = &bot.PermanentError{Code: "mailbox_full", Err: errors.New("the visitor's mailbox is full")}

// get returns the texter's box, dropping expired parts; create makes one when there is none.
func (m *Mailbox) get(texter string, create bool) *box {
	now := m.clock.Now()
	b := m.boxes[texter]
	if b != nil && now.After(b.expires) {
		b.msgs = nil
	}
	if b != nil && len(b.msgs) == 0 && now.After(b.seen) {
		delete(m.boxes, texter)
		b = nil
	}
	if b == nil && create {
		b = &box{}
		m.boxes[texter] = b
	}
	return b
}

// Post implements bot.Mailbox.
func (m *Mailbox) Post(_ context.Context, texter, text string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.get(texter, true)
	if len(b.msgs) >= bot.MaxWebMessages {
		return 0, errMailboxFull
	}
	now := m.clock.Now()
	msg := bot.WebMessage{Seq: int64(len(b.msgs) + 1), Text: text, At: now}
	b.msgs = append(b.msgs, msg)
	b.expires = now.Add(m.ttl)
	return msg.Seq, nil
}

// Fetch implements bot.Mailbox.
func (m *Mailbox) Fetch(_ context.Context, texter string, after int64) ([]bot.WebMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.get(texter, false)
	if b == nil || after >= int64(len(b.msgs)) {
		return nil, nil
	}
	return append([]bot.WebMessage(nil), b.msgs[max(after, 0):]...), nil
}

// Seen implements bot.Mailbox.
func (m *Mailbox) Seen(_ context.Context, texter string, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.get(texter, true).seen = m.clock.Now().Add(ttl)
	return nil
}

// Present implements bot.Mailbox.
func (m *Mailbox) Present(_ context.Context, texter string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.get(texter, false)
	return b != nil && !m.clock.Now().After(b.seen), nil
}

// Clear implements bot.Mailbox.
func (m *Mailbox) Clear(_ context.Context, texter string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.boxes, texter)
	return nil
}

// Len reports how many visitors have a box (for tests: an erased visitor has none).
func (m *Mailbox) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.boxes)
}
