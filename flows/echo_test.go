package flows_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/flows"
)

func TestEcho(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"Houston, TX", 0, "Houston, TX"},
		{"niños en el café, señal", 0, "niños en el café, señal"}, // ñ, é are GSM
		{"él está aquí", 0, "él esta aqui"},                       // á, í are not
		{"“quoted” — he’s [here] {now} ~ | \\ €5", 0, `"quoted" - he's (here) (now) - / / E5`},
		{"line one\nline two\r\n\tthree", 0, "line one line two three"},
		{"🙏 ok 🙏", 0, "ok"},
		{"A girl, maybe 15, is moved between motels by an older man", 30, "A girl, maybe 15, is moved..."},
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij..."},
		{"short", 10, "short"},
	} {
		got := flows.Echo(c.in, c.limit)
		if got != c.want {
			t.Errorf("Echo(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
		if m := flows.MeasureSMS(got); got != "" && m.Encoding != flows.GSM7 && !strings.ContainsAny(got, "ñé") {
			t.Errorf("Echo(%q) = %q is %s", c.in, got, m.Encoding)
		}
	}
}

// TestLongest: lint measures a text with each placeholder at its longest value, so that no
// answer can make the text longer when it is sent.
func TestLongest(t *testing.T) {
	fsys := fstest.MapFS{"main.yaml": {Data: []byte(`flow: main
languages: [en]
start: what
states:
  what:
    say: {en: "What happened?"}
    ask: {save: what, kind: text, max_length: 300, retry: {en: "Again?"}, next: where}
  where:
    say: {en: "Where?"}
    ask: {save: where, kind: place, retry: {en: "Again?"}, next: done}
  done:
    say: {en: "Got {{what:20}} at {{where}}. Code {{tip_code}}."}
    end: true
`)}}
	set, probs := flows.Load(fsys, flows.Options{})
	if set == nil {
		t.Fatal(probs)
	}
	st, _ := set.State("main.done")
	tpl, _ := st.Say.Get("en")
	limits := map[string]int{"what": 300, "where": 104, "tip_code": flows.TipCodeLength}
	longest := tpl.Longest(func(f string) int { return limits[f] })
	if want := len("Got ") + 23 + len(" at ") + 104 + len(". Code ") + 10 + 1; len(longest) != want {
		t.Fatalf("longest is %d characters, want %d: %q", len(longest), want, longest)
	}
	long := strings.Repeat("é", 300)
	got := tpl.Render(func(f string) string {
		return map[string]string{"what": long, "where": strings.Repeat("á", 104), "tip_code": "TIP-7K3QXM"}[f]
	})
	if m, l := flows.MeasureSMS(got), flows.MeasureSMS(longest); m.Units > l.Units || m.Segments > l.Segments {
		t.Fatalf("a real answer (%d units) is longer than lint measured (%d)", m.Units, l.Units)
	}
}

func TestPhrase(t *testing.T) {
	same := [][]string{
		{"I can't leave", "i cant leave", "I CAN’T LEAVE", "I can not leave", "I cannot leave", "I can t leave", "  i   can't...leave!"},
		{"he's here", "He is here", "hes here", "HE’S HERE"},
		{"me quitó el pasaporte", "Me quito el pasaporte", "ME QUITÓ EL PASAPORTE"},
		{"gonna kill", "going to kill"},
	}
	for _, group := range same {
		for _, s := range group {
			if flows.Phrase(s) != flows.Phrase(group[0]) {
				t.Errorf("Phrase(%q) = %q, want %q like %q", s, flows.Phrase(s), flows.Phrase(group[0]), group[0])
			}
		}
	}
	if p := flows.Phrase("workers' passports"); !strings.Contains(p, " workers passports ") {
		t.Errorf("an apostrophe split a word: %q", p)
	}
}

// TestInviteTraps checks the keyword-trap rule on texts a flows folder does not own.
func TestInviteTraps(t *testing.T) {
	reserved := func(k string) string {
		return map[string]string{"stop": "STOP", "cancel": "STOP", "end": "STOP", "menu": "MENU", "help": "HELP", "start": "START"}[k]
	}
	for text, want := range map[string]int{
		"Reply STOP to stop texts.":                   0,
		"Reply HELP for help or STOP to opt out.":     0,
		"Reply 1 to send, 3 to cancel.":               1,
		"Reply MENU at any time to stop.":             1,
		"Reply END to finish.":                        1,
		"To cancel, reply 3.":                         1,
		"You can cancel later. Staff will text you.":  0,
		"We will text you if you want help.":          0,
		"Text 2 to start again, or MENU for the menu": 1,
	} {
		if got := flows.InviteTraps(text, reserved); len(got) != want {
			t.Errorf("InviteTraps(%q) = %q, want %d problems", text, got, want)
		}
	}
}
