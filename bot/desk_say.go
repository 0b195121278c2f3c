package bot

import (
	"errors"
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// ActSay sends the prepared reply Reply (guide/replies.yaml of the running flows) to the texter.
const ActSay ActionKind = "say"

// sayPrepared sends a prepared reply, in the texter's language, the way the owner's typed reply
// goes: only the owner may, the texter must not have been quiet for SilenceLimit without consent
// (a prepared reply is not held: write it in the thread to be asked), and the thread shows what
// was sent.
func (t *deskTurn) sayPrepared() {
	h := t.ownerOnly()
	if h == nil {
		return
	}
	set := t.d.Flows()
	r, ok := set.Guide().Reply(t.a.Reply)
	if !ok {
		t.tell(noteNoReply(t.a.Reply, set.Guide()))
		return
	}
	text := r.Text(t.s.Lang, set.Languages)
	switch t.relayWritten(h, "say", text) {
	case relaySent:
		t.note(notePrepared(t.a.User, r.Name, text))
		t.say = "Sending the prepared reply " + r.Name + " to Texter " + t.s.Alias + "."
	case relayHeld:
		t.note(notePrepared(t.a.User, r.Name, text) + " It waits for the owner to confirm.")
	}
}

// ownerOnly returns the open handoff when the actor owns it; otherwise it tells them to claim
// first, or who owns it, and returns nil.
func (t *deskTurn) ownerOnly() *Handoff {
	h := t.current()
	if h == nil || !t.member() {
		return nil
	}
	switch {
	case h.Owner == "":
		t.offer(noteClaimFirst(), OfferClaim)
		return nil
	case t.a.User != h.Owner:
		t.tell(noteOnlyOwner(h.Owner))
		return nil
	}
	return h
}

// relayWritten sends text, which staff picked rather than typed (a prepared reply, a referral),
// as the owner's reply goes: to a texter quiet for SilenceLimit it is held until the owner
// confirms, as a typed reply is. It stands in the relay for a staff message under a made-up ts
// ("say/ID", "refer/ID"), which is never a Slack ts, so nothing reacts to it. It reports whether
// what became of it.
func (t *deskTurn) relayWritten(h *Handoff, kind, text string) relayed {
	ts := kind + "/" + t.a.ID
	quiet := t.now.Sub(t.s.LastInbound)
	switch err := t.mayText(false); {
	case errors.Is(err, ErrTexterSilent):
		h.Held = &Held{TS: ts, User: t.a.User, Text: text}
		t.a.TS = ts // the confirm buttons name it
		t.offer(noteHeld(quiet), OfferConfirm)
		return relayHeld
	case err != nil:
		t.tell(noteNotSent(whyNot(err, quiet)))
		return relayRefused
	}
	t.emit(NewStaffReply(StaffReplyFields{Text: text, TS: ts, User: t.a.User, Key: "sms:" + ts}))
	return relaySent
}

// relayed is what relayWritten did.
type relayed int

const (
	relayRefused relayed = iota
	relaySent
	relayHeld
)

// isSlackTS reports whether ts is a Slack message ts ("1712345678.000200"), which a reaction can
// mark, rather than relayWritten's stand-in.
func isSlackTS(ts string) bool {
	sec, frac, ok := strings.Cut(ts, ".")
	return ok && sec != "" && frac != "" && strings.Trim(sec+frac, "0123456789") == ""
}

func noteNoReply(name string, g *flows.Guide) string {
	var names []string
	for _, r := range g.Replies {
		names = append(names, r.Name)
	}
	if len(names) == 0 {
		return "There are no prepared replies: coordinators write them in guide/replies.yaml of the flows."
	}
	return "There is no prepared reply called " + name + ". They are: " + strings.Join(names, ", ") + "."
}

func notePrepared(user, name, text string) string {
	return mention(user) + " sent the prepared reply " + name + ": “" + text + "”"
}
