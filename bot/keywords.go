package bot

import (
	"github.com/nhttf/frontdoor/flows"
)

// Keyword is a global command, matched on the whole message before any flow.
type Keyword int

// Keywords in the order they are matched.
const (
	KeywordNone Keyword = iota
	KeywordStop
	KeywordStart
	KeywordHelp
	KeywordDelete
	KeywordExit
	KeywordMenu
	KeywordEnglish
	KeywordSpanish
	KeywordHola
)

var keywordNames = [...]string{"", "STOP", "START", "HELP", "DELETE", flows.KeywordQuickExit, "MENU", "ENGLISH", "ESPAÑOL", "HOLA"}

func (k Keyword) String() string { return keywordNames[k] }

// keywordWords maps each folded whole message (flows.Key) to its keyword. Opt-out includes the
// CTIA words, Twilio's list, Spanish, and plain-language revocations (FCC: any reasonable means).
var keywordWords = map[string]Keyword{
	"stop": KeywordStop, "stopall": KeywordStop, "unsubscribe": KeywordStop, "cancel": KeywordStop,
	"end": KeywordStop, "quit": KeywordStop, "revoke": KeywordStop, "optout": KeywordStop,
	"parar": KeywordStop, "alto": KeywordStop, "nomas": KeywordStop, "basta": KeywordStop,
	"stoptextingme": KeywordStop, "dontextme": KeywordStop, "donttextme": KeywordStop,
	"leavemealone": KeywordStop, "nomasmensajes": KeywordStop, "dejenmeenpaz": KeywordStop,
	"start": KeywordStart, "unstop": KeywordStart, "comenzar": KeywordStart, "iniciar": KeywordStart,
	"help": KeywordHelp, "info": KeywordHelp, "ayuda": KeywordHelp,
	"delete": KeywordDelete, "borrar": KeywordDelete,
	"exit": KeywordExit, "salir": KeywordExit,
	"menu": KeywordMenu, "inicio": KeywordMenu, "restart": KeywordMenu,
	"english": KeywordEnglish, "ingles": KeywordEnglish,
	"espanol": KeywordSpanish, "spanish": KeywordSpanish,
	"hola": KeywordHola,
}

// spanishWords are the keyword words only a Spanish speaker would send: the answer to one is in
// Spanish, and the texter's language becomes Spanish.
var spanishWords = map[string]bool{
	"parar": true, "alto": true, "nomas": true, "basta": true, "nomasmensajes": true, "dejenmeenpaz": true,
	"comenzar": true, "iniciar": true, "ayuda": true, "borrar": true, "salir": true, "inicio": true,
}

// MatchKeyword returns the built-in keyword the whole message is, ignoring case, accents, spaces
// and punctuation ("Stop.", " no más "). A flows folder may add quick-exit words (Engine.keyword).
func MatchKeyword(body string) Keyword {
	if len(body) > 40 {
		return KeywordNone // no keyword is this long; skip folding a long message
	}
	return keywordWords[flows.Key(body)]
}

// Reserved says which global keyword a folded menu answer would collide with; flows uses it to
// refuse such menu choices and texts that invite such words by mistake.
func Reserved(key string) string {
	if k, ok := keywordWords[key]; ok {
		return k.String()
	}
	return ""
}

// FlowOptions are the options flows are checked with: the global keywords reserved and the
// built-in danger phrases known.
func FlowOptions() flows.Options {
	return flows.Options{Reserved: Reserved, Danger: HasDanger}
}

// keyword returns the keyword the whole message is, with the flows' own quick-exit words.
func (e *Engine) keyword(body string) Keyword {
	if kw := MatchKeyword(body); kw != KeywordNone || len(body) > 40 {
		return kw
	}
	if e.flows.Lexicon().IsQuickExit(flows.Key(body)) {
		return KeywordExit
	}
	return KeywordNone
}

// keywordLang is the language a keyword word asks to be answered in: "es" for a Spanish-only
// word when the flows speak Spanish, else "".
func (e *Engine) keywordLang(body string) string {
	if len(body) <= 40 && spanishWords[flows.Key(body)] && contains(e.flows.Languages, "es") {
		return "es"
	}
	return ""
}
