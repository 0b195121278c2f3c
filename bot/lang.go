package bot

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// spanishHints are words that make a first message likely Spanish ("hola", "necesito ayuda").
var spanishHints = []string{" hola ", " buenas ", " buenos ", " ayuda ", " necesito ", " quiero ", " por favor ",
	" gracias ", " informacion ", " denuncia ", " aviso ", " espanol ", " parar ", " borrar ", " peligro ", " auxilio "}

// guessLang picks the language for a new texter from their first message: Spanish when it reads
// as Spanish and the flows speak it, else the flows' first language.
func (e *Engine) guessLang(body string) string {
	langs := e.flows.Languages
	if len(body) <= 400 && contains(langs, "es") {
		w := flows.Words(body)
		for _, h := range spanishHints {
			if strings.Contains(w, h) {
				return "es"
			}
		}
	}
	return langs[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
