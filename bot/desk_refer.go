package bot

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// ActRefer refers the texter to a provider of the partner directory: with Provider, its public
// contact is sent; without, the owner is shown the providers for Service (default: the need the
// texter chose) in State (default: the state they gave) who speak the texter's language.
const ActRefer ActionKind = "refer"

// OfferRefer, followed by ":" and provider ids joined by ",", offers a Send button for each.
const OfferRefer = "refer"

// maxReferOptions bounds the providers shown to the owner at once.
const maxReferOptions = 5

// refer sends a provider's public contact to the texter as one short SMS in their language, the
// way the owner's reply goes (owner only, claim first, not after 15 minutes of silence without
// consent); the thread records which provider was offered.
func (t *deskTurn) refer() {
	h := t.ownerOnly()
	switch {
	case h == nil:
		return
	case t.d.Directory == nil || len(t.d.Directory.Providers) == 0:
		t.tell("There is no partner directory: operators set FRONTDOOR_DIRECTORY (see deploy/directory.example.yaml).")
		return
	}
	if t.a.Provider == "" {
		t.referOptions()
		return
	}
	p, ok := t.d.Directory.Provider(t.a.Provider)
	if !ok {
		t.tell("There is no provider " + t.a.Provider + " in the partner directory.")
		return
	}
	text := p.Contact(t.s.Lang)
	note := mention(t.a.User) + " offered Texter " + t.s.Alias + " the provider " + p.Name + " (" + p.ID + "): “" + text + "”"
	switch t.relayWritten(h, "refer", text) {
	case relaySent:
		t.note(note)
		t.say = "Sending " + p.Name + "'s contact to Texter " + t.s.Alias + "."
	case relayHeld:
		t.note(note + " It waits for the owner to confirm.")
	}
}

// referOptions shows the owner the providers that fit, each with a Send button.
func (t *deskTurn) referOptions() {
	rt := RouteTexter(t.s.Lang, t.s.Answers)
	service, state := strings.ToLower(t.a.Service), strings.ToUpper(t.a.State)
	if service == "" {
		service = rt.Need
	}
	if state == "" {
		state = rt.State
	}
	if service != "" && !flows.IsNeed(service) {
		t.tell("There is no service " + service + "; the services are " + strings.Join(flows.Needs, ", ") + ".")
		return
	}
	ps := t.d.Directory.Find(service, state, t.s.Lang, maxReferOptions)
	what := "any service"
	if service != "" {
		what = service
	}
	where := "national"
	if state != "" {
		where = state + " or national"
	}
	if len(ps) == 0 {
		t.tell("No provider in the directory offers " + what + " (" + where + ") in " + t.s.Lang + ". Try another service, or /frontdoor refer SERVICE STATE.")
		return
	}
	var b strings.Builder
	b.WriteString("Providers for " + what + " (" + where + ", in " + t.s.Lang + "). Send one's contact to the texter:\n")
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
		b.WriteString("• " + p.ID + ": " + p.Contact(t.s.Lang) + "\n")
	}
	t.offer(strings.TrimSpace(b.String()), OfferRefer+":"+strings.Join(ids, ","))
}
