package bot_test

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

func TestMatchKeyword(t *testing.T) {
	cases := map[bot.Keyword][]string{
		bot.KeywordStop: {"STOP", "stop ", "Stop", " stop.", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
			"OPTOUT", "opt-out", "PARAR", "Alto", "NO MAS", "¡No más!", "no   más", "stop texting me", "leave me alone", "Basta", "no\xffmas"},
		bot.KeywordStart:   {"START", "start", "UNSTOP", " Start! ", "COMENZAR", "Iniciar"},
		bot.KeywordExit:    {"EXIT", "exit!", "SALIR", "Salir."},
		bot.KeywordHola:    {"HOLA", "¡Hola!", "hola"},
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
		"estoy en peligro", "¡Ayúdame!", "emergencia", "he is going to kill me", "me van a matar", "I'm trapped",
		// the words, and every way of writing an apostrophe, accent, case and spacing
		"I can't leave", "I can’t leave", "I can‘t leave", "i cant leave", "I can not leave", "I cannot leave", "I  CAN'T   LEAVE",
		"he won't let me leave", "he wont let me leave", "he will not let me leave", "he’s watching my phone",
		"he is here", "He's here!", "I owe them", "they have my papers", "my boss took my passport, I can't leave",
		"Necesito ayuda, mi jefe tiene mi pasaporte", "me está vigilando el teléfono", "me esta vigilando", "ME QUITÓ EL PASAPORTE",
		"me quito el pasaporte", "nos tienen encerrados", "no me dejan salir", "I'm being trafficked", "i am being trafficked"} {
		if !bot.HasDanger(in) {
			t.Errorf("HasDanger(%q) = false", in)
		}
	}
	for _, in := range []string{"", "hello", "9110", "helpme", "dangerous dog", "help", "peligroso", "I can leave tomorrow",
		"a man took their passports", "the workers' papers", "tip the van is blue", "vigilante", "here is the address"} {
		if bot.HasDanger(in) {
			t.Errorf("HasDanger(%q) = true", in)
		}
	}
}

// TestDetector_FlowsPhrases: phrases a flows folder adds in words.yaml are caught like the
// built-in ones, in any case and with any apostrophe.
func TestDetector_FlowsPhrases(t *testing.T) {
	files := map[string][]byte{}
	names, err := fs.Glob(flows.Builtin(), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name == "words.yaml" {
			continue
		}
		data, err := fs.ReadFile(flows.Builtin(), name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	files["words.yaml"] = []byte("danger:\n  en: [\"the red door\", \"he's got my kids\"]\n  es: [\"la puerta roja\"]\n")
	set, probs := flows.Load(flows.FilesFS(files), bot.FlowOptions())
	if set == nil {
		t.Fatal(probs)
	}
	d := bot.NewEngine(set, bot.NewMessages("Frontdoor"), bot.NewRandomIDs(nil)).Detector()
	for _, in := range []string{"I am behind THE RED DOOR", "hes got my kids", "he’s got my kids", "junto a la Puerta Roja"} {
		if !d.Match(in) {
			t.Errorf("the folder's phrases do not catch %q", in)
		}
	}
	if d.Match("the red car") || bot.HasDanger("the red door") {
		t.Error("a folder's phrase leaked into the built-in detector, or matched too much")
	}
}

func TestReserved(t *testing.T) {
	if bot.Reserved("info") != "HELP" || bot.Reserved("nomas") != "STOP" || bot.Reserved("safety") != "" ||
		bot.Reserved("salir") != flows.KeywordQuickExit || bot.Reserved("comenzar") != "START" {
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

// TestQuickExit_FolderWords: a flows folder's own quick-exit word ends and erases everything
// like EXIT, and with reply: false the texter gets no reply at all.
func TestQuickExit_FolderWords(t *testing.T) {
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	files["words.yaml"] = []byte("quick_exit:\n  words: [Pizza]\n  reply: false\n")
	set, probs := flows.Load(flows.FilesFS(files), bot.FlowOptions())
	if set == nil {
		t.Fatal(probs)
	}
	e := bot.NewEngine(set, bot.NewMessages("Frontdoor"), bot.NewRandomIDs(nil)).WithLang("en")
	s := bot.Session{Texter: "t", Alias: "AAAA", Flow: "tip", State: "tip.what", Answers: map[string]string{"where": "Reno, NV"}}
	for _, word := range []string{"PIZZA!", "exit", "Salir"} {
		turn, err := e.Step(s, bot.Inbound{Body: word}, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		if err != nil || !turn.Erase || len(turn.Replies) != 0 || turn.Session.OptedOut || turn.Session.State != "" {
			t.Errorf("%q: erase %v, replies %q, session %+v, %v; want erased, silent, not opted out", word, turn.Erase, turn.Replies, turn.Session, err)
		}
	}
}

// BenchmarkDetector_Match measures the danger detector on a 600-character tip answer that holds
// no phrase (the common case: every phrase is looked for).
func BenchmarkDetector_Match(b *testing.B) {
	body := strings.Repeat("A girl, maybe 15, is moved between motels by an older man who drives a red pickup. ", 8)[:600]
	d := bot.NewDetector(nil)
	b.ReportAllocs()
	for b.Loop() {
		if d.Match(body) {
			b.Fatal("matched")
		}
	}
}
