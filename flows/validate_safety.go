package flows

import (
	"fmt"
	"strings"
	"unicode"
)

// Checks that keep texts safe on a shared phone and free of keyword traps (DESIGN.md §6).

// checkConsent makes the consent answer a yes or no.
func (c *checker) checkConsent(st *State) {
	if a := st.Ask; a != nil && a.Save == FieldMayText && a.Kind != KindYesNo {
		c.errorf(a.Pos, "state %q: the answer %s records whether staff may text the texter later, so its question must be kind: yes_no", st.Name, FieldMayText)
	}
}

// checkFirstText resolves a flow's first_text: its words, and the text question it fills.
func (c *checker) checkFirstText() {
	ft := c.f.FirstText
	if ft == nil {
		return
	}
	ft.keys = nil
	for _, w := range ft.Words {
		k := Key(w)
		switch {
		case k == "" || strings.Contains(strings.TrimSpace(w), " "):
			c.errorf(ft.Pos, "first_text: %q should be one word", w)
		case c.opts.reserved(k) != "":
			c.errorf(ft.Pos, "first_text: %q is the global keyword %s; pick another word", w, c.opts.reserved(k))
		default:
			if other := c.firstTextOwner(k); other != "" {
				c.errorf(ft.Pos, "first_text: %q also starts flow %q; a first word can start only one flow", w, other)
				continue
			}
			ft.keys = append(ft.keys, k)
		}
	}
	for _, name := range c.f.Order {
		if a := c.f.States[name].Ask; a != nil && a.Save == ft.Save {
			if a.Kind != KindText {
				c.errorf(ft.Pos, "first_text: save: %s is saved by state %q, which is not a text question", ft.Save, name)
			}
			return
		}
	}
	c.errorf(ft.Pos, "first_text: save: no question of this flow saves %q%s", ft.Save, savedList(c.savedFields()))
}

// firstTextOwner returns the other flow (checked before this one, by name) whose first_text has
// the folded word k.
func (c *checker) firstTextOwner(k string) string {
	for _, name := range sortedKeys(c.flows) {
		f := c.flows[name]
		if name >= c.f.Name || f.FirstText == nil {
			continue
		}
		for _, w := range f.FirstText.Words {
			if Key(w) == k {
				return name
			}
		}
	}
	return ""
}

// Preview returns the first line of a text, which a phone's lock screen shows, with a tip code
// in place of {{tip_code}} (it starts with TIP) and other placeholders empty.
func Preview(tpl Template) string {
	first, _, _ := strings.Cut(tpl.Render(func(field string) string {
		if field == FieldTipCode {
			return "TIP-7K3QXM"
		}
		return ""
	}), "\n")
	return first
}

// PreviewWord returns the first of words (in Phrase form) that the first line of text names, or "".
func PreviewWord(first string, words []string) string {
	p := Phrase(first)
	for _, w := range words {
		if strings.Contains(p, w) {
			return strings.TrimSpace(w)
		}
	}
	return ""
}

// checkPreview warns when the first line of a text names a crime, a tip or an agency.
func (c *checker) checkPreview(st *State, lang string, tpl Template) {
	first := Preview(tpl)
	if w := PreviewWord(first, c.lexicon.previewWords()); w != "" {
		if r := []rune(first); len(r) > 60 {
			first = string(r[:57]) + "..."
		}
		c.warnf(tpl.pos, "state %q: the %s text's first line, which a locked phone shows, names %q: keep words like that off the first line (%q)",
			st.Name, lang, w, first)
	}
}

// inviteVerbs are the words with which a text asks the texter to send something.
var inviteVerbs = map[string]bool{
	"reply": true, "text": true, "send": true, "type": true, "write": true, "answer": true, "respond": true, "say": true,
	"responda": true, "responde": true, "conteste": true, "contesta": true, "envie": true, "envia": true,
	"mande": true, "manda": true, "escriba": true, "escribe": true, "diga": true,
}

// notInviting are words that, just before an invite verb, make it something other than a request
// to the texter: a subject or a modal ("staff will text you"), or an article ("by text").
var notInviting = map[string]bool{
	"we": true, "i": true, "you": true, "they": true, "he": true, "she": true, "staff": true, "will": true, "can": true,
	"may": true, "would": true, "should": true, "could": true, "never": true, "by": true, "a": true, "the": true, "this": true,
	"your": true, "my": true, "our": true, "le": true, "les": true, "lo": true, "su": true, "mi": true, "por": true,
	"un": true, "una": true, "el": true, "de": true, "nos": true, "se": true, "me": true, "te": true, "los": true, "las": true, "puede": true, "pueden": true, "podemos": true, "nunca": true,
}

// inviteFiller are words between an invite verb and the word it invites ("reply with YES").
var inviteFiller = map[string]bool{"with": true, "the": true, "word": true, "us": true, "con": true, "la": true, "palabra": true, "nos": true}

// optOutWords say that a word stops the texts; an opt-out keyword may be offered only with one.
var optOutWords = []string{" stop ", " opt out ", " optout ", " unsubscribe ", " no more ", " parar ", " baja ", " no recibir ", " dejar de recibir "}

// keywordEffect says what a global keyword does to a texter who sends it thinking it answers
// the text.
var keywordEffect = map[string]string{
	"STOP": "is opted out of all texts", "START": "is sent back to the main menu and loses their answers",
	"MENU": "is sent back to the main menu and loses their answers", "HELP": "gets the help text",
	"DELETE": "has the conversation erased", KeywordQuickExit: "has the conversation ended and erased",
	"ENGLISH": "switches language", "ESPAÑOL": "switches language",
}

// checkInvitations fails a text that asks for a reply and names, in the same sentence, a global
// keyword other than the one it offers: a texter who sends that word gets the keyword, not the
// answer the text means ("3 to cancel" opts them out; "MENU to stop" invites STOP).
func (c *checker) checkInvitations(st *State, lang string, tpl Template) {
	for _, sentence := range sentences(tpl.Render(func(string) string { return "" })) {
		for _, trap := range c.traps(st, sentence) {
			c.errorf(tpl.pos, "state %q: the %s text asks for a reply, but %s", st.Name, lang, trap)
		}
	}
}

// InviteTraps returns what is wrong with a text (a system text, say) that asks for a reply and
// names a global keyword other than the one it offers; reserved names the keywords.
func InviteTraps(text string, reserved func(key string) string) []string {
	c := &checker{opts: Options{Reserved: reserved}, f: &Flow{}, flows: map[string]*Flow{}}
	var out []string
	for _, s := range sentences(text) {
		out = append(out, c.traps(nil, s)...)
	}
	return out
}

func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '!' || r == '?' || r == ';' || r == '\n' })
}

// traps checks one sentence.
func (c *checker) traps(st *State, sentence string) []string {
	tokens := strings.Fields(sentence)
	invites, offered := false, map[int]bool{}
	for i, tok := range tokens {
		k := Key(tok)
		if inviteVerbs[k] && (i == 0 || !notInviting[Key(tokens[i-1])]) {
			invites = true
			j := i + 1
			for j < len(tokens) && inviteFiller[Key(tokens[j])] {
				j++
			}
			offered[j] = true
		}
		if isCapitalWord(tok) || isDigits(k) {
			offered[i] = true
		}
	}
	if !invites {
		return nil
	}
	allOffered := func(i, n int) bool {
		for j := i; j < i+n; j++ {
			if !offered[j] {
				return false
			}
		}
		return true
	}
	type found struct {
		i, n int
		kw   string
	}
	var kws []found
	for i := 0; i < len(tokens); i++ {
		for n := min(3, len(tokens)-i); n >= 1; n-- {
			if kw := c.opts.reserved(Key(strings.Join(tokens[i:i+n], ""))); kw != "" {
				kws = append(kws, found{i, n, kw})
				i += n - 1
				break
			}
		}
	}
	offeredKinds := map[string]bool{}
	for _, f := range kws {
		if allOffered(f.i, f.n) {
			offeredKinds[f.kw] = true
		}
	}
	var out []string
	for _, f := range kws {
		w := strings.Trim(strings.Join(tokens[f.i:f.i+f.n], " "), ",:\"'()")
		switch {
		case allOffered(f.i, f.n):
			if f.kw == "STOP" && !saysOptOut(sentence) {
				out = append(out, fmt.Sprintf("%q is the global keyword STOP: a texter who sends it %s, so a text may offer it only to stop texts (say so, like \"to stop texts\")",
					w, keywordEffect["STOP"]))
			}
		case offeredKinds[f.kw] || c.menuLeadsHome(st, f.kw, offered, tokens):
		default:
			effect := keywordEffect[f.kw]
			if effect == "" {
				effect = "gets that keyword's answer"
			}
			out = append(out, fmt.Sprintf("%q in it is the global keyword %s, which always wins: a texter who sends %q %s instead. Use another word",
				w, f.kw, w, effect))
		}
	}
	return out
}

func saysOptOut(sentence string) bool {
	p := Phrase(sentence)
	for _, w := range optOutWords {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// menuLeadsHome lets "main menu" stand beside an offered choice that goes to the main menu: the
// MENU keyword does what the text says.
func (c *checker) menuLeadsHome(st *State, kw string, offered map[int]bool, tokens []string) bool {
	if kw != "MENU" || st == nil || c.flows == nil {
		return false
	}
	main, ok := c.flows[c.opts.main()]
	if !ok {
		return false
	}
	home := main.Name + "." + main.Start
	for i := range tokens {
		if !offered[i] {
			continue
		}
		if j := st.MatchChoice(Key(tokens[i])); j >= 0 && (st.Menu[j].Next.ID == home || st.Menu[j].Next.Raw == home) {
			return true
		}
	}
	return false
}

// isCapitalWord reports whether tok is a word written in capitals, like STOP or ESPAÑOL.
func isCapitalWord(tok string) bool {
	letters := 0
	for _, r := range tok {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

func isDigits(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
	}
	return true
}
