package flows_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

func loadBuiltin(t testing.TB) *flows.Set {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil || len(probs) > 0 {
		t.Fatalf("the built-in flows have problems:\n%v", probs)
	}
	return set
}

// TestBuiltin_Clean checks the built-in flows load with no error and no warning: every text
// within two SMS segments, every state reachable, both languages complete.
func TestBuiltin_Clean(t *testing.T) {
	set := loadBuiltin(t)
	var names []string
	for _, f := range set.Flows() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "business,faith,main,parents,prevention,safety,school,talk,tip,youth" {
		t.Errorf("built-in flows are %s", got)
	}
	if strings.Join(set.Languages, ",") != "en,es" {
		t.Errorf("languages %v", set.Languages)
	}
	if st := set.StartState(); st.ID != "main.welcome" || !strings.Contains(st.Say.Raw("en"), "911") {
		t.Errorf("the first message must mention 911: %s", st.ID)
	}
}

// TestBuiltin_TranscriptPerFlowAndLanguage makes sure every built-in flow has a transcript test in
// every language, named <flow>_<lang>.yaml.
func TestBuiltin_TranscriptPerFlowAndLanguage(t *testing.T) {
	set := loadBuiltin(t)
	for _, f := range set.Flows() {
		for _, lang := range f.Languages {
			name := "tests/" + f.Name + "_" + lang + ".yaml"
			if _, err := fs.Stat(flows.Builtin(), name); err != nil {
				t.Errorf("flow %s has no transcript test %s", f.Name, name)
			}
		}
	}
}

func TestGraph(t *testing.T) {
	set := loadBuiltin(t)
	tip, _ := set.Flow("tip")
	m, err := flows.Graph(set, tip, "mermaid")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"stateDiagram-v2", "[*] --> intro", "where --> what: answer", "danger --> danger_now: yes",
		"review --> may_text: choose_1", "may_text --> submit: yes", "submit --> [*]"} {
		if !strings.Contains(m, want) {
			t.Errorf("mermaid graph lacks %q:\n%s", want, m)
		}
	}
	if strings.Contains(m, "retry") {
		t.Errorf("retries should be left out:\n%s", m)
	}
	main, _ := set.Flow("main")
	d, err := flows.Graph(set, main, "dot")
	if err != nil || !strings.Contains(d, `"welcome" -> "tip__intro" [ label = "choose_2" ]`) {
		t.Errorf("dot graph: %v\n%s", err, d)
	}
	if _, err := flows.Graph(set, main, "png"); err == nil {
		t.Error("an unknown format should fail")
	}
}

func FuzzReadFlow(f *testing.F) {
	entries, _ := fs.ReadDir(flows.Builtin(), ".")
	for _, e := range entries {
		if data, err := fs.ReadFile(flows.Builtin(), e.Name()); err == nil && !e.IsDir() {
			f.Add(data)
		}
	}
	f.Add([]byte("flow: main\nlanguages: [en]\nstart: a\nstates:\n  a: {say: {en: hi}, next: a}\n"))
	f.Add([]byte("flow: main\nlanguages: [en]\nstart: a\nstates:\n  a: &x\n    say: {en: '{{x'}\n    menu: *x\n"))
	f.Add([]byte("\t- [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, probs := flows.ReadFlow("fuzz.yaml", data)
		if fl == nil && len(probs.Errors()) == 0 {
			t.Fatal("no flow and no error")
		}
		for _, p := range probs {
			if p.Msg == "" || strings.ContainsAny(p.Msg, "\x00") {
				t.Fatalf("bad problem %q", p)
			}
		}
		if fl != nil {
			set, probs := flows.Load(fstest.MapFS{"fuzz.yaml": {Data: data}}, flows.Options{Reserved: bot.Reserved})
			if set == nil && len(probs.Errors()) == 0 {
				t.Fatal("no set and no error")
			}
		}
	})
}

// TestLexicon_PublishedWithTheFlows: words.yaml is one of the files of a flows folder (what
// publishing stores as a version), and a broken one stops the whole folder from loading.
func TestLexicon_PublishedWithTheFlows(t *testing.T) {
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files[flows.LexiconFile]; !ok || !flows.IsFlowFile(flows.LexiconFile) {
		t.Fatalf("the built-in folder's files lack %s: %v", flows.LexiconFile, len(files))
	}
	files[flows.LexiconFile] = []byte("danger:\n  en: [\"ok\"]\n")
	set, probs := flows.Load(flows.FilesFS(files), flows.Options{Reserved: bot.Reserved})
	if set != nil || !strings.Contains(probs.Error(), `words.yaml:2:8: danger: en: "ok" is too short to be a phrase`) {
		t.Fatalf("a broken words.yaml: set %v, problems %v", set != nil, probs)
	}
}
