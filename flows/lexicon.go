package flows

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

// LexiconFile is the file of a flows folder that holds its words (Lexicon) rather than a flow.
const LexiconFile = "words.yaml"

// Lexicon is what a flows folder's words.yaml says about words, for every flow at once:
//
//   - Danger: phrases, by language, that say someone is in danger now or disclose being
//     trafficked. They add to the built-in phrases of package bot, which cannot be removed; a
//     message holding one anywhere is answered with 911 and the offer of a person, never taken as
//     a menu choice or an answer.
//   - QuickExit: words that, as a whole message, end everything and erase the conversation
//     (added to EXIT and SALIR); QuickExitReply says whether the texter gets one neutral reply.
//   - PreviewWords: words lint keeps off the first line of every text, which a locked phone
//     shows. Nil means DefaultPreviewWords.
//   - PersonQueue: the queue a texter in danger is handed to when they accept the person offered.
//
// The zero Lexicon (no words.yaml) is the built-in behaviour, with a reply to a quick exit.
type Lexicon struct {
	File           string
	Danger         map[string][]string // by language, as written
	QuickExit      []string            // as written
	QuickExitReply bool
	PreviewWords   []string
	PersonQueue    string

	pos        map[string]Pos // where each part was written: "danger", "danger:<lang>", "quick_exit", "person_queue"
	exitKeys   []string       // QuickExit folded with Key
	dangerKeys []string       // Danger folded with Phrase, every language
}

// DefaultPreviewWords are the words lint keeps off the first line of a text unless words.yaml
// lists its own: a crime, a tip or an agency named on a lock screen can put someone in danger.
var DefaultPreviewWords = []string{
	"trafficking", "trafficked", "trafficker", "traffickers", "sex", "sexual", "prostitution", "abuse",
	"exploitation", "crime", "police", "law enforcement", "fbi", "ice", "immigration", "tip", "tips",
	"report", "task force", "victim", "pimp",
	"trata", "traficante", "trafico", "sexo", "prostitucion", "abuso", "explotacion", "delito", "crimen",
	"policia", "migracion", "aviso", "avisos", "denuncia", "denunciar", "victima",
}

// ReadLexicon reads a words.yaml file. It reports every problem it finds; checks that need the
// flows (languages, menus, queues) are made by Load.
func ReadLexicon(file string, data []byte) (*Lexicon, Problems) {
	r := yamlpos.NewReader(file)
	lx := &Lexicon{File: file, QuickExitReply: true, pos: map[string]Pos{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{yamlpos.SyntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return lx, nil // only comments: the built-in words
	}
	root := yamlpos.Resolve(&doc)
	fields := r.Mapping(root, LexiconFile, "danger", "quick_exit", "preview_words", "person_queue")
	if fl, ok := fields["danger"]; ok {
		lx.readDanger(r, fl.Value)
	}
	if fl, ok := fields["quick_exit"]; ok {
		lx.readQuickExit(r, fl.Value)
	}
	if fl, ok := fields["preview_words"]; ok {
		lx.PreviewWords = []string{}
		for _, n := range r.List(fl.Value, "preview_words") {
			if s, ok := r.Str(n, "a preview word"); ok && Key(s) != "" {
				lx.PreviewWords = append(lx.PreviewWords, s)
			} else if ok {
				r.Errorf(n, "preview_words: %q has no letters or digits", s)
			}
		}
	}
	if fl, ok := fields["person_queue"]; ok {
		lx.PersonQueue, _ = r.Name(fl.Value, "person_queue")
		lx.pos["person_queue"] = r.Pos(fl.Value)
	}
	if len(r.Problems.Errors()) > 0 {
		return nil, r.Problems
	}
	return lx, r.Problems
}

func (lx *Lexicon) readDanger(r *yamlpos.Reader, n *yaml.Node) {
	n = yamlpos.Resolve(n)
	lx.pos["danger"] = r.Pos(n)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "danger should list phrases by language, written as lines like \"en:\" and \"es:\" with a list under each")
		return
	}
	lx.Danger = map[string][]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		lang := n.Content[i].Value
		seen := map[string]string{}
		for _, item := range r.List(n.Content[i+1], "danger: "+lang) {
			s, ok := r.Str(item, "a danger phrase")
			if !ok {
				continue
			}
			p := Phrase(s)
			switch letters := len(strings.ReplaceAll(p, " ", "")); {
			case letters < 3:
				r.Errorf(item, "danger: %s: %q is too short to be a phrase: it would catch ordinary messages (use 3 letters or more)", lang, s)
				continue
			case seen[p] != "":
				r.Errorf(item, "danger: %s: %q is the same phrase as %q (case, accents, apostrophes and punctuation are ignored)", lang, s, seen[p])
				continue
			}
			seen[p] = s
			lx.Danger[lang] = append(lx.Danger[lang], s)
			lx.dangerKeys = append(lx.dangerKeys, p)
		}
		lx.pos["danger:"+lang] = r.Pos(n.Content[i])
	}
}

func (lx *Lexicon) readQuickExit(r *yamlpos.Reader, n *yaml.Node) {
	fields := r.Mapping(n, "quick_exit", "words", "reply")
	lx.pos["quick_exit"] = r.Pos(yamlpos.Resolve(n))
	if fl, ok := fields["words"]; ok {
		for _, item := range r.List(fl.Value, "quick_exit: words") {
			s, ok := r.Str(item, "a quick-exit word")
			switch {
			case !ok:
			case Key(s) == "":
				r.Errorf(item, "quick_exit: %q has no letters or digits", s)
			case strings.Contains(strings.TrimSpace(s), " "):
				r.Errorf(item, "quick_exit: %q is several words; a quick-exit word is one word, quick to type", s)
			default:
				lx.QuickExit = append(lx.QuickExit, s)
				lx.exitKeys = append(lx.exitKeys, Key(s))
			}
		}
	}
	if fl, ok := fields["reply"]; ok {
		lx.QuickExitReply = r.Boolean(fl.Value, "quick_exit: reply")
	}
}

// IsQuickExit reports whether a folded whole message (Key) is one of the lexicon's quick-exit words.
func (lx *Lexicon) IsQuickExit(key string) bool {
	for _, k := range lx.exitKeys {
		if k == key {
			return true
		}
	}
	return false
}

// DangerPhrases returns the lexicon's danger phrases of every language in Phrase form.
func (lx *Lexicon) DangerPhrases() []string { return lx.dangerKeys }

// HasDanger reports whether a message holds one of the lexicon's own danger phrases.
func (lx *Lexicon) HasDanger(body string) bool {
	if len(lx.dangerKeys) == 0 {
		return false
	}
	p := Phrase(body)
	for _, k := range lx.dangerKeys {
		if strings.Contains(p, k) {
			return true
		}
	}
	return false
}

// previewWords returns the words kept off previews, in Phrase form.
func (lx *Lexicon) previewWords() []string {
	words := lx.PreviewWords
	if words == nil {
		words = DefaultPreviewWords
	}
	out := make([]string, 0, len(words))
	for _, w := range words {
		out = append(out, Phrase(w))
	}
	return out
}

func (lx *Lexicon) where(key string) Pos {
	if p, ok := lx.pos[key]; ok {
		return p
	}
	return Pos{File: lx.File}
}

// checkLexicon checks the lexicon against the flows: its languages, its quick-exit words against
// the global keywords, and the person queue. It returns the queue a texter in danger is handed to.
func checkLexicon(lx *Lexicon, byName map[string]*Flow, main *Flow, opts Options) (string, Problems) {
	var probs Problems
	errorf := func(p Pos, format string, args ...any) {
		probs = append(probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
	}
	for _, lang := range sortedKeys(lx.Danger) {
		if !yamlpos.Contains(main.Languages, lang) {
			errorf(lx.where("danger:"+lang), "danger: %q is not one of the flows' languages (%s)", lang, strings.Join(main.Languages, ", "))
		}
	}
	for i, w := range lx.QuickExit {
		if kw := opts.reserved(lx.exitKeys[i]); kw != "" && kw != KeywordQuickExit {
			errorf(lx.where("quick_exit"), "quick_exit: %q is the global keyword %s already; pick another neutral word", w, kw)
		}
		if opts.danger(w) || lx.HasDanger(w) {
			errorf(lx.where("quick_exit"), "quick_exit: %q is a danger phrase; pick a neutral word", w)
		}
	}
	queues := handoffQueues(byName)
	if lx.PersonQueue != "" {
		return lx.PersonQueue, probs
	}
	switch len(queues) {
	case 0:
		probs = append(probs, Problem{Pos: main.pos, Warning: true,
			Msg: "no flow hands off to staff, so a texter in danger is offered no person, only 911 and the hotline"})
		return "", probs
	case 1:
		return queues[0], probs
	}
	errorf(lx.where("person_queue"), "the flows hand off to several queues (%s): say in %s which one takes texters in danger, with person_queue: %s",
		strings.Join(queues, ", "), LexiconFile, queues[0])
	return "", probs
}

// handoffQueues lists the queues the flows hand off to, sorted.
func handoffQueues(byName map[string]*Flow) []string {
	seen := map[string]bool{}
	for _, f := range byName {
		for _, st := range f.States {
			if st.Handoff != nil && st.Handoff.Queue != "" {
				seen[st.Handoff.Queue] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for q := range seen {
		out = append(out, q)
	}
	sort.Strings(out)
	return out
}
