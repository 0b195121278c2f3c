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
	extra phraseIndex // the flows folder's own phrases
}

// NewDetector returns a detector with the built-in phrases and those of lx (nil for none).
func NewDetector(lx *flows.Lexicon) Detector {
	if lx == nil {
		return Detector{}
	}
	return Detector{extra: newPhraseIndex(lx.DangerPhrases())}
}

// maxDetect bounds how much of a message is searched; a longer one is cut.
const maxDetect = 4 * flows.MaxTextLength

// Match reports whether the message holds a danger or disclosure phrase.
func (d Detector) Match(body string) bool {
	if len(body) > maxDetect {
		body = body[:maxDetect]
	}
	p := flows.Phrase(body)
	return builtinPhrases.in(p) || d.extra.in(p)
}

// HasDanger reports whether the message holds one of the built-in phrases.
func HasDanger(body string) bool { return Detector{}.Match(body) }

// phraseIndex holds phrases in flows.Phrase form (" cant leave ") by their first word, so that a
// message is searched once per word rather than once per phrase.
type phraseIndex map[string][]string

func newPhraseIndex(phrases []string) phraseIndex {
	ix := phraseIndex{}
	for _, p := range phrases {
		first, _, _ := strings.Cut(strings.TrimPrefix(p, " "), " ")
		if first != "" {
			ix[first] = append(ix[first], p)
		}
	}
	return ix
}

// in reports whether p, a message in flows.Phrase form, holds one of the phrases.
func (ix phraseIndex) in(p string) bool {
	if len(ix) == 0 {
		return false
	}
	for i := 0; i+1 < len(p); {
		end := i + 1 + strings.IndexByte(p[i+1:], ' ')
		if end <= i {
			break
		}
		for _, ph := range ix[p[i+1:end]] {
			if strings.HasPrefix(p[i:], ph) {
				return true
			}
		}
		i = end
	}
	return false
}

// builtinPhrases are the built-in phrases of every language.
var builtinPhrases = func() phraseIndex {
	var all []string
	for _, list := range [][]string{dangerEN, disclosureEN, dangerES, disclosureES} {
		for _, p := range list {
			all = append(all, flows.Phrase(p))
		}
	}
	return newPhraseIndex(all)
}()
