package bot

import (
	"strings"

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
	KeywordMenu
	KeywordEnglish
	KeywordSpanish
)

var keywordNames = [...]string{"", "STOP", "START", "HELP", "DELETE", "MENU", "ENGLISH", "ESPAÑOL"}

func (k Keyword) String() string { return keywordNames[k] }

// keywordWords maps each folded whole message (flows.Key) to its keyword. Opt-out includes the
// CTIA words, Twilio's list, Spanish, and plain-language revocations (FCC: any reasonable means).
var keywordWords = map[string]Keyword{
	"stop": KeywordStop, "stopall": KeywordStop, "unsubscribe": KeywordStop, "cancel": KeywordStop,
	"end": KeywordStop, "quit": KeywordStop, "revoke": KeywordStop, "optout": KeywordStop,
	"parar": KeywordStop, "alto": KeywordStop, "nomas": KeywordStop, "basta": KeywordStop,
	"stoptextingme": KeywordStop, "dontextme": KeywordStop, "donttextme": KeywordStop,
	"leavemealone": KeywordStop, "nomasmensajes": KeywordStop, "dejenmeenpaz": KeywordStop,
	"start": KeywordStart, "unstop": KeywordStart,
	"help": KeywordHelp, "info": KeywordHelp, "ayuda": KeywordHelp,
	"delete": KeywordDelete, "borrar": KeywordDelete,
	"menu": KeywordMenu, "inicio": KeywordMenu, "restart": KeywordMenu,
	"english": KeywordEnglish, "ingles": KeywordEnglish,
	"espanol": KeywordSpanish, "spanish": KeywordSpanish,
}

// MatchKeyword returns the keyword the whole message is, ignoring case, accents, spaces and
// punctuation ("Stop.", " no más ").
func MatchKeyword(body string) Keyword {
	if len(body) > 40 {
		return KeywordNone // no keyword is this long; skip folding a long message
	}
	return keywordWords[flows.Key(body)]
}

// Reserved says which global keyword a folded menu answer would collide with; flows uses it to
// refuse such menu choices.
func Reserved(key string) string {
	if k, ok := keywordWords[key]; ok {
		return k.String()
	}
	return ""
}

// dangerPhrases are matched as whole words anywhere in a message (after flows.Words folding).
var dangerPhrases = []string{
	" 911 ", " emergency ", " in danger ", " help me ", " save me ", " going to kill ", " gonna kill ",
	" hurting me ", " locked in ", " cant leave ", " trapped ",
	" peligro ", " emergencia ", " ayudame ", " auxilio ", " socorro ", " me van a matar ", " no puedo salir ",
}

// HasDanger reports whether the message says someone is in danger now.
func HasDanger(body string) bool {
	if len(body) > 4*flows.MaxTextLength {
		body = body[:4*flows.MaxTextLength]
	}
	w := flows.Words(body)
	for _, p := range dangerPhrases {
		if strings.Contains(w, p) {
			return true
		}
	}
	return false
}
