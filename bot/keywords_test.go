package bot_test

import (
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

func TestMatchKeyword(t *testing.T) {
	cases := map[bot.Keyword][]string{
		bot.KeywordStop: {"STOP", "stop ", "Stop", " stop.", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
			"OPTOUT", "opt-out", "PARAR", "Alto", "NO MAS", "¡No más!", "no   más", "stop texting me", "leave me alone", "Basta", "no\xffmas"},
		bot.KeywordStart:   {"START", "start", "UNSTOP", " Start! "},
		bot.KeywordHelp:    {"HELP", "help?", "INFO", "Ayuda", "AYUDA!"},
		bot.KeywordDelete:  {"DELETE", "delete", "BORRAR", "Borrar."},
		bot.KeywordMenu:    {"MENU", "menú", "Inicio", "INICIO", "restart"},
		bot.KeywordEnglish: {"ENGLISH", "english", "Inglés"},
		bot.KeywordSpanish: {"ESPAÑOL", "Español", "espanol", "SPANISH"},
		bot.KeywordNone: {"", "  ", "stop it please I want to talk", "help me", "1", "yes", "the end of the street",
			"stopp", "🙏", "Привет", strings.Repeat("stop", 20)},
	}
	for want, inputs := range cases {
		for _, in := range inputs {
			if got := bot.MatchKeyword(in); got != want {
				t.Errorf("MatchKeyword(%q) = %v, want %v", in, got, want)
			}
		}
	}
}

func TestHasDanger(t *testing.T) {
	for _, in := range []string{"call 911", "911", "this is an EMERGENCY", "I'm in danger", "please help me", "Help me!",
		"estoy en peligro", "¡Ayúdame!", "emergencia", "he is going to kill me", "me van a matar", "I'm trapped"} {
		if !bot.HasDanger(in) {
			t.Errorf("HasDanger(%q) = false", in)
		}
	}
	for _, in := range []string{"", "hello", "9110", "helpme", "dangerous dog", "help", "peligroso"} {
		if bot.HasDanger(in) {
			t.Errorf("HasDanger(%q) = true", in)
		}
	}
}

func TestReserved(t *testing.T) {
	if bot.Reserved("info") != "HELP" || bot.Reserved("nomas") != "STOP" || bot.Reserved("safety") != "" {
		t.Error("reserved keywords are wrong")
	}
}

func FuzzMatchKeyword(f *testing.F) {
	for _, s := range []string{"STOP", "¡No más!", "ESPAÑOL", "help me 911", "\xff\xfe", "🙏", strings.Repeat("á", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		kw := bot.MatchKeyword(body)
		if kw != bot.KeywordNone && len(body) > 40 {
			t.Fatalf("a %d-byte message matched %v", len(body), kw)
		}
		_ = bot.HasDanger(body)
		if kw.String() == "" && kw != bot.KeywordNone {
			t.Fatalf("keyword %d has no name", kw)
		}
	})
}
