package bot

import (
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
	h := t.current()
	if h == nil || !t.member() {
		return
	}
	switch {
	case h.Owner == "":
		t.offer(noteClaimFirst(), OfferClaim)
		return
	case t.a.User != h.Owner:
		t.tell(noteOnlyOwner(h.Owner))
		return
	}
	set := t.d.Bot.CurrentEngine().Flows()
	r, ok := set.Guide().Reply(t.a.Reply)
	if !ok {
		t.tell(noteNoReply(t.a.Reply, set.Guide()))
		return
	}
	if err := MayText(t.s, t.now, false); err != nil {
		t.tell(noteNotSent(whyNot(err, t.now.Sub(t.s.LastInbound))))
		return
	}
	text := r.Text(t.s.Lang, set.Languages)
	t.note(notePrepared(t.a.User, r.Name, text))
	t.emit(Effect{Kind: StaffReply, Text: text, User: t.a.User, Key: "say:" + t.a.ID})
	t.say = "Sending the prepared reply " + r.Name + " to Texter " + t.s.Alias + "."
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
