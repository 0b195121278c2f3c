package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ChannelWeb is a visitor of the web chat page (/chat). The address is "web:" and the random
// token the visitor's page holds (in sessionStorage only); it is keyed, sealed and never shown
// like a number.
const ChannelWeb Channel = "web"

// webPrefix starts every web chat address.
const webPrefix = "web:"

// ErrVisitorLeft refuses a send to a web chat visitor whose page is closed: nothing could show
// it, and whoever opens the browser next must not find it.
var ErrVisitorLeft = errors.New("the visitor left the web chat: their page is closed")

// WebMessage is one message staff sent a web chat visitor, numbered from 1 in the order posted.
type WebMessage struct {
	Seq  int64
	Text string
	At   time.Time
}

// Mailbox keeps what staff send a web chat visitor until the page fetches it, and whether the
// page is open. texter is the visitor's TexterKey. Stores keep the texts sealed and every key
// with a TTL; Clear erases everything of a visitor (the quick exit, DELETE).
type Mailbox interface {
	// Post appends text for the visitor and returns its Seq.
	Post(ctx context.Context, texter, text string) (int64, error)
	// Fetch returns the visitor's messages after Seq after, oldest first.
	Fetch(ctx context.Context, texter string, after int64) ([]WebMessage, error)
	// Seen records that the visitor's page is open, for ttl.
	Seen(ctx context.Context, texter string, ttl time.Duration) error
	// Present reports whether the page was seen within the ttl last given to Seen.
	Present(ctx context.Context, texter string) (bool, error)
	// Clear forgets the visitor's messages and presence.
	Clear(ctx context.Context, texter string) error
}

// MaxWebMessages bounds one visitor's mailbox: more is refused (a runaway, not a conversation).
const MaxWebMessages = 500

// visitorLeft reports whether s is a web chat visitor whose page is closed, when the desk can
// tell (Desk.Present).
func (d *Desk) visitorLeft(ctx context.Context, texter string, s Session) (bool, error) {
	if s.Channel != ChannelWeb || d.Present == nil {
		return false, nil
	}
	present, err := d.Present(ctx, texter)
	if err != nil {
		return false, fmt.Errorf("error asking whether a web chat visitor is there: %w", err)
	}
	return !present, nil
}

// mayText is MayText for the desk's turn: a web chat visitor who left cannot be texted at all,
// whatever the silence rule would allow (ErrVisitorLeft: staff read that the visitor left).
func (t *deskTurn) mayText(confirmed bool) error {
	if t.gone {
		return ErrVisitorLeft
	}
	return MayText(t.s, t.now, confirmed)
}
