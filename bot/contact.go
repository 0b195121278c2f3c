package bot

import (
	"errors"
	"time"
)

// SilenceLimit is how long after a texter's last message staff may still text them without
// confirming first (Polaris practice: a phone may have changed hands since).
const SilenceLimit = 15 * time.Minute

var (
	// ErrNeverWrote refuses a send to someone with no conversation: Frontdoor never texts first.
	ErrNeverWrote = errors.New("the texter has no conversation: Frontdoor never texts first")
	// ErrTexterSilent refuses a send to a texter silent for more than SilenceLimit until staff
	// confirm it.
	ErrTexterSilent = errors.New("the texter has been silent for more than 15 minutes: confirm before sending")
	// ErrOptedOut refuses a send to a texter who opted out.
	ErrOptedOut = errors.New("the texter opted out: nothing may be sent")
)

// MayText decides whether a message that answers no webhook (a staff reply, a notice) may go to
// the texter of session s at time now. confirmed says staff explicitly confirmed a send to a
// silent texter; it never overrides an opt-out or the absence of a conversation.
func MayText(s Session, now time.Time, confirmed bool) error {
	switch {
	case s.OptedOut:
		return ErrOptedOut
	case s.LastInbound.IsZero() || s.Address == "":
		return ErrNeverWrote
	case now.Sub(s.LastInbound) > SilenceLimit && !confirmed:
		return ErrTexterSilent
	}
	return nil
}
