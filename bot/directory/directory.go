// Package directory reads the partner directory (FRONTDOOR_DIRECTORY): the vetted providers a
// texter can be referred to, each with the regions it serves (US states, or national), its
// languages, its services (the needs of package flows), its hours and the public ways to reach
// it (phone, text, web). It holds no staff personal data. It finds providers for a service, a
// state and a language, and writes a provider's contact as one short SMS. Problems are reported
// like the roster's: file:line:col and plain words.
//
// Imports: bot/region, flows (its service names) and internal/yamlpos. bot and its callers import
// it; it imports nothing of bot itself.
package directory

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// National stands, in a provider's regions, for every state.
const National = "national"

// Directory is a checked partner directory. It is read-only and safe to share.
type Directory struct {
	File      string
	Providers []Provider // as written
}

// Provider is one vetted partner.
type Provider struct {
	ID        string
	Name      string
	Regions   []string // postal codes, or [National]
	Languages []string
	Services  []string // flows.Needs
	Hours     string   // as written, e.g. "24/7" or "Mon-Fri 9-5 CT"
	Phone     string   // public: a line anyone may call
	Text      string   // public: a number or short code anyone may text
	Web       string   // https://
	Line      int
}

// National reports whether p serves every state.
func (p Provider) National() bool { return slices.Contains(p.Regions, National) }

// Serves reports whether p offers service in state (any state when state is "") in lang (any
// language when lang is "").
func (p Provider) Serves(service, state, lang string) bool {
	return (service == "" || slices.Contains(p.Services, service)) &&
		(state == "" || p.National() || slices.Contains(p.Regions, state)) &&
		(lang == "" || slices.Contains(p.Languages, lang))
}

// Find returns up to max providers for service in state speaking lang: those that serve the
// state itself first, then national ones, each in the file's order. A texter who gave no state
// gets national providers only.
func (d *Directory) Find(service, state, lang string, max int) []Provider {
	if d == nil {
		return nil
	}
	var local, national []Provider
	for _, p := range d.Providers {
		switch {
		case !p.Serves(service, "", lang):
		case state != "" && slices.Contains(p.Regions, state):
			local = append(local, p)
		case p.National():
			national = append(national, p)
		}
	}
	out := append(local, national...)
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// Provider returns the provider with id.
func (d *Directory) Provider(id string) (Provider, bool) {
	if d == nil {
		return Provider{}, false
	}
	for _, p := range d.Providers {
		if p.ID == id {
			return p, true
		}
	}
	return Provider{}, false
}

// Services are the services a provider may offer: the needs a texter may choose.
func Services() []string { return flows.Needs }

// contactWords are the words of a referral SMS, by language.
var contactWords = map[string]struct{ call, text, web, hours string }{
	"en": {"call", "text", "web", "hours"},
	"es": {"llame al", "escriba al", "web", "horario"},
}

// Contact is p's public contact as one short SMS in lang (English when lang has no words): the
// name, then each way to reach it, then the hours. "Safe Place: call 1-800-555-0100, text 55555,
// web https://example.org. Hours: 24/7."
func (p Provider) Contact(lang string) string {
	w, ok := contactWords[lang]
	if !ok {
		w = contactWords["en"]
	}
	var ways []string
	if p.Phone != "" {
		ways = append(ways, w.call+" "+p.Phone)
	}
	if p.Text != "" {
		ways = append(ways, w.text+" "+p.Text)
	}
	if p.Web != "" {
		ways = append(ways, w.web+" "+p.Web)
	}
	s := p.Name + ": " + strings.Join(ways, ", ") + "."
	if p.Hours != "" {
		s += " " + capitalize(w.hours) + ": " + p.Hours + "."
	}
	return s
}

// Offer is up to three providers as one SMS in lang, numbered, for a texter who asked a flow for
// help near them; "" when there are none.
func Offer(ps []Provider, lang string) string {
	var lines []string
	for i, p := range ps {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, p.Contact(lang)))
	}
	return strings.Join(lines, "\n")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
