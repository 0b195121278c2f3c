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
	// confirm it; only a texter who said staff may text them later can be sent one.
	ErrTexterSilent = errors.New("the texter has been silent for more than 15 minutes: confirm before sending")
	// ErrNoConsent refuses a send to a texter silent for more than SilenceLimit who never said
	// staff may text them later: nobody can confirm it.
	ErrNoConsent = errors.New("the texter has been silent for more than 15 minutes and did not say they may be texted later")
	// ErrOptedOut refuses a send to a texter who opted out.
	ErrOptedOut = errors.New("the texter opted out: nothing may be sent")
)

// MayText decides whether a message that answers no webhook (a staff reply, a notice) may go to
// the texter of session s at time now. Within SilenceLimit of the texter's last message it may.
// After that only a texter who said yes to being texted later (Handoff.MayText) can be texted,
// and only when staff confirmed the send (confirmed); without that yes it is ErrNoConsent. On
// WhatsApp nothing goes after WhatsAppWindow (ErrWindowClosed), consent or not.
// Nothing overrides an opt-out or the absence of a conversation.
func MayText(s Session, now time.Time, confirmed bool) error {
	switch {
	case s.OptedOut:
		return ErrOptedOut
	case s.LastInbound.IsZero() || s.Address == "":
		return ErrNeverWrote
	case now.Sub(s.LastInbound) <= SilenceLimit:
		return nil
	case windowClosed(s, now):
		return ErrWindowClosed
	case s.Handoff == nil || !s.Handoff.MayText:
		return ErrNoConsent
	case !confirmed:
		return ErrTexterSilent
	}
	return nil
}
