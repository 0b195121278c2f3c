package bot

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// Detector finds messages that say someone is in danger now, or disclose being trafficked, in
// English or Spanish: the built-in phrases (danger_phrases.go), which no flows folder can remove,
// and the phrases a folder's words.yaml adds. Messages and phrases are compared in flows.Phrase
// form, so case, accents, apostrophes (straight or curly), spacing and contractions do not matter:
// "I can't leave", "i cant leave" and "I cannot leave" all hold "can't leave".
type Detector struct {
	extra *flows.Lexicon
}

// maxDetect bounds how much of a message is searched; a longer one is cut.
const maxDetect = 4 * flows.MaxTextLength

// Match reports whether the message holds a danger or disclosure phrase.
func (d Detector) Match(body string) bool {
	if len(body) > maxDetect {
		body = body[:maxDetect]
	}
	p := flows.Phrase(body)
	for _, ph := range builtinPhrases {
		if strings.Contains(p, ph) {
			return true
		}
	}
	if d.extra != nil {
		for _, ph := range d.extra.DangerPhrases() {
			if strings.Contains(p, ph) {
				return true
			}
		}
	}
	return false
}

// HasDanger reports whether the message holds one of the built-in phrases.
func HasDanger(body string) bool { return Detector{}.Match(body) }

// builtinPhrases are the built-in phrases of every language in flows.Phrase form.
var builtinPhrases = func() []string {
	var out []string
	for _, list := range [][]string{dangerEN, disclosureEN, dangerES, disclosureES} {
		for _, p := range list {
			out = append(out, flows.Phrase(p))
		}
	}
	return out
}()
