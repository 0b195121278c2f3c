package bot

import (
	"context"
	"errors"
	"strings"
	"time"
)

// DefaultMaxWait is how long after its decision a desk SMS may still go out: as long as the
// provider itself may queue it (ValidityPeriod 900 s). Later, the texter may have put the phone
// down, or handed it over; staff are told it was not sent.
const DefaultMaxWait = 15 * time.Minute

// SMSApplier applies the desk's SMS effects (StaffReply, TexterNotice): it sends through Sender
// (a GuardedSender, so an opt-out is checked again at send time) to the number kept in the
// session, records the provider's id for status callbacks, and reports back through Desk: a
// check on the staff message once the provider accepted it, a warning with the reason when it
// was not sent. It checks again, at send time, that the texter is still there, not opted out,
// and (for a staff reply) still in the same handoff.
//
// Nothing is ever sent twice by itself (Ledger has the contract). A send is recorded in the
// ledger as begun before the provider is asked, and as done with the provider's id after; a send
// the provider surely did not take (refused, or never reached) is forgotten, so that the worker
// may try again. When it may or may not have gone out (ErrMaybeSent: a timeout after the
// request, a cut connection, an unclear 5xx), or a retry finds it begun but not done (a crash in
// between), it is not sent again: the owner is told it may not have been sent and offered "Send
// again" (ActUnsure).
type SMSApplier struct {
	Desk    *Desk
	Sender  Sender        // nil: SMS sending is not configured, and every send fails with that reason
	MaxWait time.Duration // default DefaultMaxWait
}

// Apply implements Applier.
func (a *SMSApplier) Apply(ctx context.Context, e Effect) error {
	d := a.Desk
	snap, err := d.sessions.Load(ctx, e.Texter, "")
	if err != nil {
		return err
	}
	if why := a.refuse(snap.Session, e); why != "" {
		return a.failed(ctx, e, why)
	}
	ledger := NewLedger(d.Store)
	before, err := ledger.Begin(ctx, e.Texter, e.Key)
	switch {
	case err != nil:
		return err
	case before.State == LedgerDone:
		return a.sent(ctx, e, before.Value) // sent before a crash; report it again
	case before.State == LedgerBegun:
		d.log.Warn("an earlier attempt may have sent this SMS; not sending it again", "alias", e.Alias, "kind", e.Kind)
		return a.unsure(ctx, e)
	}
	sid, err := a.Sender.Send(ctx, snap.Session.Address, e.Text, e.Key)
	if err != nil {
		return a.notSent(ctx, e, ledger, err)
	}
	if err := ledger.Done(ctx, e.Texter, e.Key, sid); errors.Is(err, ErrConversationGone) {
		return nil // erased while it was being sent
	} else if err != nil {
		return err
	}
	return a.sent(ctx, e, sid)
}

// notSent handles a failed send: unclear ones are put to the owner, refusals told, and the
// rest (surely not taken) forgotten and returned for the worker to retry.
func (a *SMSApplier) notSent(ctx context.Context, e Effect, ledger Ledger, err error) error {
	if errors.Is(err, ErrMaybeSent) {
		a.Desk.log.Warn("the provider may or may not have sent this SMS; not sending it again", "alias", e.Alias, "kind", e.Kind)
		return a.unsure(ctx, e)
	}
	if ferr := ledger.Forget(ctx, e.Texter, e.Key); ferr != nil {
		return errors.Join(err, ferr) // begun stays: the retry asks the owner rather than risk a second SMS
	}
	switch {
	case errors.Is(err, ErrRecipientOptedOut):
		return a.failed(ctx, e, "the texter opted out")
	case errors.Is(err, ErrVisitorLeft):
		return a.failed(ctx, e, "the visitor left the web chat (their page is closed)")
	case IsPermanent(err):
		return a.failed(ctx, e, "the SMS provider refused it ("+strings.TrimPrefix(permanentReason(err), "permanent ")+")")
	}
	return err // the worker retries; refuse stops it after MaxWait
}

// unsure tells the desk the SMS may not have been sent; the effect is then done.
func (a *SMSApplier) unsure(ctx context.Context, e Effect) error {
	_, err := a.Desk.Act(ctx, Action{Kind: ActUnsure, ID: "unsure:" + e.Key, Texter: e.Texter, Thread: e.Thread,
		Handoff: e.Handoff, TS: e.TS, Key: e.Key, Notice: e.Status, User: e.User, Text: e.Text})
	return err
}

// refuse says why the effect must not be sent now, or "".
func (a *SMSApplier) refuse(s Session, e Effect) string {
	now := a.Desk.clock.Now()
	switch {
	case a.Sender == nil:
		return "SMS sending is not configured"
	case s.Version == 0 || s.Address == "":
		return "the conversation no longer exists"
	case s.OptedOut:
		return "the texter opted out"
	case e.Kind == StaffReply && (s.Handoff == nil || s.Handoff.Ref != e.Handoff):
		return "the conversation ended before it could be sent"
	case windowClosed(s, now):
		return whyNot(ErrWindowClosed, now.Sub(s.LastInbound))
	case e.Status == NoticeHotline && (s.Handoff == nil || s.Handoff.Ref != e.Handoff || s.Handoff.Owner != ""):
		return "staff claimed or ended the conversation first" // the hotline message is for a texter nobody answered
	case now.Sub(e.At) > orDefault(a.MaxWait, DefaultMaxWait):
		return "it could not be sent within " + minutes(orDefault(a.MaxWait, DefaultMaxWait))
	}
	return ""
}

func (a *SMSApplier) sent(ctx context.Context, e Effect, sid string) error {
	d := a.Desk
	ref := SentRef{Texter: e.Texter, Thread: e.Thread, Handoff: e.Handoff, TS: e.TS, Notice: e.Status}
	if err := d.Store.RememberSent(ctx, sid, ref); errors.Is(err, ErrConversationGone) {
		return nil // erased while it was being sent: nothing to record, nobody to tell
	} else if err != nil {
		return err
	}
	_, err := d.Act(ctx, Action{Kind: ActSent, ID: "sent:" + e.Key, Texter: e.Texter, Thread: e.Thread,
		Handoff: e.Handoff, TS: e.TS, Key: e.Key, Notice: e.Status})
	return err
}

// failed tells staff the SMS was not sent; the effect is then done.
func (a *SMSApplier) failed(ctx context.Context, e Effect, why string) error {
	d := a.Desk
	d.log.Info("desk sms not sent", "alias", e.Alias, "kind", e.Kind, "why", why)
	_, err := d.Act(ctx, Action{Kind: ActFailed, ID: "failed:" + e.Key, Texter: e.Texter, Thread: e.Thread,
		Handoff: e.Handoff, TS: e.TS, Key: e.Key, Notice: e.Status, Text: why})
	return err
}

// Appliers applies each effect with the Applier for its kind, or Default.
type Appliers struct {
	ByKind  map[EffectKind]Applier
	Default Applier
}

// Apply implements Applier.
func (a Appliers) Apply(ctx context.Context, e Effect) error {
	if ap, ok := a.ByKind[e.Kind]; ok {
		return ap.Apply(ctx, e)
	}
	return a.Default.Apply(ctx, e)
}
