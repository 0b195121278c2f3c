package flows_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// builtinWith is the built-in folder with files added or replaced.
func builtinWith(t *testing.T, files map[string]string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(flows.Builtin(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(flows.Builtin(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range files {
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

func TestGuide_builtin(t *testing.T) {
	set, probs := flows.Load(flows.Builtin(), flows.Options{})
	if set == nil {
		t.Fatal(probs)
	}
	g := set.Guide()
	var names []string
	for _, tp := range g.Topics {
		names = append(names, tp.Name)
		if !strings.Contains(tp.Body, "adapt it to your task force") || !strings.Contains(tp.Body, "Sources") || !strings.Contains(tp.Body, "https://") {
			t.Errorf("topic %s is not marked to adapt, or cites no source", tp.Name)
		}
	}
	if got := strings.Join(names, " "); got != "indicators minors never_by_text screening wording" {
		t.Errorf("topics %s", got)
	}
	r, ok := g.Reply("safe_now")
	if !ok || r.Text("es", set.Languages) != "¿Puede escribir sin peligro ahora? Responda SI o NO. Puede parar cuando quiera." ||
		r.Text("fr", set.Languages) != "Is it safe to text right now? Reply YES or NO. You can stop any time." {
		t.Errorf("safe_now: %+v", r)
	}
	if tp, _ := g.Topic("minors"); tp.Title != "When the texter may be a minor" {
		t.Errorf("minors' title %q", tp.Title)
	}
}

func TestGuide_broken(t *testing.T) {
	fsys := builtinWith(t, map[string]string{
		"guide/No Title.md": "# x\n",
		"guide/untitled.md": "Just text, no title line.\n",
		"guide/long.md":     "# Long\n" + strings.Repeat("a", flows.MaxTopicLength+1),
		"guide/replies.yaml": "replies:\n" +
			"  only_en:\n    en: Are you safe?\n" +
			"  field:\n    en: Hi {{alias}}\n    es: Hola {{alias}}\n" +
			"  trap:\n    en: Reply 1 for more, or 2 to cancel.\n    es: Hola.\n" +
			"  preview:\n    en: |-\n      About your tip\n      we read it.\n    es: Hola.\n" +
			"  long:\n    en: " + strings.Repeat("long text ", 40) + "\n    es: Hola.\n" +
			"  Bad-Name:\n    en: x\n    es: x\n",
	})
	_, probs := flows.Load(fsys, flows.Options{Reserved: bot.Reserved})
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		`guide/No Title.md: the topic name "No Title" is not a valid name: use lower-case letters, digits and _, starting with a letter`,
		`guide/long.md: the topic is 11001 characters; keep it within 11000 (Slack shows it in one message), or split it into two topics`,
		`guide/replies.yaml:3:5: reply "only_en" has no "es" text (the flows' languages are en, es)`,
		`guide/replies.yaml:5:9: reply "field": the en text uses {{alias}}; a prepared reply is sent as written, without placeholders`,
		`guide/replies.yaml:6:9: reply "field": the es text uses {{alias}}; a prepared reply is sent as written, without placeholders`,
		`guide/replies.yaml:8:9: reply "trap": the en text asks for a reply, but`,
		`guide/replies.yaml:11:9: reply "preview": the en text's first line, which a locked phone shows, names "tip": keep words like that off the first line`,
		`guide/replies.yaml:16:9: reply "long": the en text is 3 SMS segments (399 GSM-7 characters); a prepared reply is at most 2`,
		`guide/replies.yaml:18:3: a prepared reply's name "Bad-Name" is not a valid name`,
		`guide/untitled.md:1:1: a guidance file starts with its title, as a line like "# Working with minors"`,
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in:\n%s", w, all)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(got), len(want), all)
	}
}
