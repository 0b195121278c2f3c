package flows

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

// The staff guidance of a flows folder lives in its guide/ sub-folder, so that it is versioned,
// published and rolled back with the flows: one Markdown file per topic (guide/minors.md), and
// the prepared replies staff may send a texter in guide/replies.yaml.
const (
	GuideDir    = "guide"
	RepliesFile = GuideDir + "/replies.yaml"
)

// MaxTopicLength bounds a topic's text: Slack shows it to staff in one message.
const MaxTopicLength = 11000

// Guide is a folder's staff guidance: topics by name, and the prepared replies.
type Guide struct {
	Topics  []Topic // sorted by name
	Replies []Reply // as written
}

// Topic is one guidance file: guide/NAME.md, whose first line is "# Title".
type Topic struct {
	Name, Title string
	Body        string // Markdown, after the title
	File        string
}

// Reply is a prepared reply: a short text, one per language, that the owner of a conversation
// sends with /frontdoor say NAME.
type Reply struct {
	Name  string
	Texts Texts
	Pos   Pos
}

// Topic returns the topic called name.
func (g *Guide) Topic(name string) (Topic, bool) {
	for _, t := range g.Topics {
		if t.Name == name {
			return t, true
		}
	}
	return Topic{}, false
}

// Reply returns the prepared reply called name.
func (g *Guide) Reply(name string) (Reply, bool) {
	for _, r := range g.Replies {
		if r.Name == name {
			return r, true
		}
	}
	return Reply{}, false
}

// Text returns the reply in lang, or in the first of langs (the flows' languages).
func (r Reply) Text(lang string, langs []string) string {
	if t, ok := r.Texts.Get(lang); ok {
		return t.raw
	}
	if len(langs) > 0 {
		return r.Texts.Raw(langs[0])
	}
	return ""
}

// readGuide reads the guide/ folder of fsys, if any, and checks the replies like flow texts: every
// language, at most 2 SMS segments, no placeholder, no invitation to answer with a global keyword,
// nothing on the first line a locked phone should not show.
func readGuide(fsys fs.FS, langs []string, lx *Lexicon, opts Options) (*Guide, Problems) {
	g := &Guide{}
	entries, err := fs.ReadDir(fsys, GuideDir)
	if err != nil {
		return g, nil // no guide folder: no guidance
	}
	var probs Problems
	for _, e := range entries {
		p := path.Join(GuideDir, e.Name())
		if e.IsDir() || !IsFlowFile(p) || p == RepliesFile {
			continue
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			probs = append(probs, Problem{Pos: Pos{File: p}, Msg: "cannot read the file: " + err.Error()})
			continue
		}
		t, prob := readTopic(p, data)
		if prob != nil {
			probs = append(probs, *prob)
			continue
		}
		g.Topics = append(g.Topics, t)
	}
	sort.Slice(g.Topics, func(i, j int) bool { return g.Topics[i].Name < g.Topics[j].Name })
	if data, err := fs.ReadFile(fsys, RepliesFile); err == nil {
		var ps Problems
		g.Replies, ps = readReplies(data, langs, lx, opts)
		probs = append(probs, ps...)
	}
	return g, probs
}

func readTopic(file string, data []byte) (Topic, *Problem) {
	name := strings.TrimSuffix(path.Base(file), ".md")
	t := Topic{Name: name, File: file}
	switch {
	case !yamlpos.IsName(name):
		return t, &Problem{Pos: Pos{File: file}, Msg: fmt.Sprintf("the topic name %q is not a valid name: use lower-case letters, digits and _, starting with a letter", name)}
	case !utf8.Valid(data):
		return t, &Problem{Pos: Pos{File: file}, Msg: "the file is not UTF-8 text"}
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	first, body, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	if !strings.HasPrefix(first, "# ") || strings.TrimSpace(first[2:]) == "" {
		return t, &Problem{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "a guidance file starts with its title, as a line like \"# Working with minors\""}
	}
	t.Title, t.Body = strings.TrimSpace(first[2:]), strings.TrimSpace(body)
	if n := utf8.RuneCountInString(t.Body); n > MaxTopicLength {
		return t, &Problem{Pos: Pos{File: file}, Msg: fmt.Sprintf("the topic is %d characters; keep it within %d (Slack shows it in one message), or split it into two topics", n, MaxTopicLength)}
	}
	return t, nil
}

func readReplies(data []byte, langs []string, lx *Lexicon, opts Options) ([]Reply, Problems) {
	r := &nodeReader{yamlpos.NewReader(RepliesFile)}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{yamlpos.SyntaxProblem(RepliesFile, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	fields := r.Mapping(yamlpos.Resolve(&doc), RepliesFile, "replies")
	fl, ok := fields["replies"]
	if !ok {
		return nil, r.Problems
	}
	n := yamlpos.Resolve(fl.Value)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "replies should list the prepared replies by name, each with a text per language")
		return nil, r.Problems
	}
	var out []Reply
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, ok := r.Name(n.Content[i], "a prepared reply's name")
		if !ok {
			continue
		}
		rep := Reply{Name: name, Pos: r.Pos(n.Content[i]), Texts: r.texts(n.Content[i+1], "reply "+name)}
		checkReply(r, rep, langs, lx, opts)
		out = append(out, rep)
	}
	return out, r.Problems
}

func checkReply(r *nodeReader, rep Reply, langs []string, lx *Lexicon, opts Options) {
	if !rep.Texts.IsSet() {
		return
	}
	what := fmt.Sprintf("reply %q", rep.Name)
	for _, lang := range langs {
		if _, ok := rep.Texts.Get(lang); !ok {
			r.Problems = append(r.Problems, Problem{Pos: rep.Texts.pos, Msg: fmt.Sprintf("%s has no %q text (the flows' languages are %s)", what, lang, strings.Join(langs, ", "))})
		}
	}
	for _, lang := range sortedKeys(rep.Texts.byLang) {
		tpl := rep.Texts.byLang[lang]
		errorf := func(format string, args ...any) {
			r.Problems = append(r.Problems, Problem{Pos: tpl.pos, Msg: fmt.Sprintf(format, args...)})
		}
		if !yamlpos.Contains(langs, lang) {
			errorf("%s has a text in %q, which is not one of the flows' languages (%s)", what, lang, strings.Join(langs, ", "))
			continue
		}
		if f := tpl.Fields(); len(f) > 0 {
			errorf("%s: the %s text uses {{%s}}; a prepared reply is sent as written, without placeholders", what, lang, f[0])
		}
		if m := MeasureSMS(tpl.raw); m.Segments > 2 {
			errorf("%s: the %s text is %d SMS segments (%d %s characters); a prepared reply is at most 2", what, lang, m.Segments, m.Units, m.Encoding)
		}
		if w := PreviewWord(Preview(tpl), lx.previewWords()); w != "" {
			errorf("%s: the %s text's first line, which a locked phone shows, names %q: keep words like that off the first line", what, lang, w)
		}
		for _, trap := range InviteTraps(tpl.raw, opts.reserved) {
			errorf("%s: the %s text asks for a reply, but %s", what, lang, trap)
		}
	}
}
