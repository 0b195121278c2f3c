package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

type editData struct {
	File     string
	Content  string
	Line     int // the line to show first
	Gutter   []gutterLine
	Problems flows.Problems // of this file
	Others   int            // problems in other files
	Texts    *textTable     // nil for tests and files that do not read
	Paths    []string
	Check    *checked
}

type gutterLine struct {
	N     int
	Class string // "error", "warning" or ""
}

func (c *Console) editPage(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	file := r.URL.Query().Get("file")
	data, ok := ws.Files[file]
	if !ok {
		http.NotFound(w, r)
		return
	}
	line, _ := strconv.Atoi(r.URL.Query().Get("line"))
	c.showEditor(w, s, ws, file, string(data), line, "")
}

func (c *Console) showEditor(w http.ResponseWriter, s *session, ws *workspace, file, content string, line int, notice string) {
	files := ws.Files.Clone()
	files[file] = []byte(content)
	d := editData{File: file, Content: content, Line: line, Paths: ws.Paths(), Check: lint(files)}
	d.Problems, d.Others = problemsOf(d.Check.Problems, file)
	d.Gutter = gutter(content, d.Problems)
	d.Texts = textsOfFile(file, content)
	c.renderView(w, http.StatusOK, "edit", s, view{Title: "Edit " + file, Work: ws, Notice: notice, Data: d})
}

// problemsOf splits problems into those of file and a count of the others.
func problemsOf(all flows.Problems, file string) (flows.Problems, int) {
	var mine flows.Problems
	for _, p := range all {
		if p.Pos.File == file {
			mine = append(mine, p)
		}
	}
	return mine, len(all) - len(mine)
}

func gutter(content string, probs flows.Problems) []gutterLine {
	n := strings.Count(content, "\n") + 1
	lines := make([]gutterLine, n)
	for i := range lines {
		lines[i].N = i + 1
	}
	for _, p := range probs {
		if i := p.Pos.Line - 1; i >= 0 && i < n && lines[i].Class != "error" {
			lines[i].Class = map[bool]string{true: "warning", false: "error"}[p.Warning]
		}
	}
	return lines
}

// textsOfFile reads a flow file alone for its texts; nil for a test or a file that does not read.
func textsOfFile(file, content string) *textTable {
	if isTest(file) {
		return nil
	}
	f, _ := flows.ReadFlow(file, []byte(content))
	if f == nil {
		return nil
	}
	t := textsOf(f)
	return &t
}

// formContent reads the posted file text, with the browser's CRLF line ends made LF.
func formContent(r *http.Request) string {
	return strings.ReplaceAll(r.PostFormValue("content"), "\r\n", "\n")
}

// saveFile saves one file into the coordinator's draft, starting the draft if need be.
func (c *Console) saveFile(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	ws, err := c.workspace(ctx, s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	file, content := r.PostFormValue("file"), formContent(r)
	if _, ok := ws.Files[file]; !ok {
		http.NotFound(w, r)
		return
	}
	if !bytes.Equal(ws.Files[file], []byte(content)) {
		ws.Files[file] = []byte(content)
		if err := c.saveDraft(r, s, ws, "draft_saved", file); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	ch := lint(ws.Files)
	notice := "Saved to your draft. Lint: " + ch.Problems.Summary() + "."
	c.showEditor(w, s, ws, file, content, 0, notice)
}

// saveDraft stores ws as the coordinator's draft and records it in the audit log.
func (c *Console) saveDraft(r *http.Request, s *session, ws *workspace, action, detail string) error {
	err := c.deps.Store.SaveDraft(r.Context(), s.User, bot.Draft{Base: ws.Base, Files: ws.Files, Updated: c.deps.Clock.Now()})
	if err != nil {
		return err
	}
	if !ws.Draft {
		c.audit(r.Context(), s.User, "draft_started", fmt.Sprintf("from version %d", ws.Base))
	}
	ws.Draft = true
	c.audit(r.Context(), s.User, action, detail)
	ws.Changed, ws.Removed = nil, nil
	if base, err := c.version(r.Context(), ws.Base); err == nil {
		ws.Changed, ws.Removed = diffFiles(base, ws.Files)
	}
	return nil
}

// lintResult is the live check's answer to the editor's script.
type lintResult struct {
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Others   int           `json:"others"`
	Problems []lintProblem `json:"problems"`
	Texts    template.HTML `json:"texts"`
}

type lintProblem struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Msg     string `json:"msg"`
	Warning bool   `json:"warning"`
}

// lintAPI checks the posted text of one file with the rest of the draft; nothing is saved.
func (c *Console) lintAPI(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	file, content := r.PostFormValue("file"), formContent(r)
	files := ws.Files.Clone()
	files[file] = []byte(content)
	probs, others := problemsOf(lint(files).Problems, file)
	res := lintResult{Others: others, Problems: []lintProblem{}}
	for _, p := range probs {
		res.Problems = append(res.Problems, lintProblem{Line: p.Pos.Line, Col: p.Pos.Col, Msg: p.Msg, Warning: p.Warning})
		if p.Warning {
			res.Warnings++
		} else {
			res.Errors++
		}
	}
	if t := textsOfFile(file, content); t != nil {
		var buf bytes.Buffer
		if err := c.pages.byName["edit"].ExecuteTemplate(&buf, "texts", t); err == nil {
			res.Texts = template.HTML(buf.String())
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(res)
}

// newFile adds a file to the draft from a skeleton and opens it.
func (c *Console) newFile(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p := strings.TrimSpace(r.PostFormValue("path"))
	if !flows.IsFlowFile(p) || strings.ContainsAny(p, " \\") {
		http.Error(w, "A new file is name.yaml (a flow), tests/name.yaml (a transcript test) or guide/name.md (staff guidance): letters, digits and _.", http.StatusBadRequest)
		return
	}
	if _, exists := ws.Files[p]; !exists {
		ws.Files[p] = []byte(skeleton(p))
		if err := c.saveDraft(r, s, ws, "file_created", p); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, Prefix+"/edit?file="+p, http.StatusSeeOther)
}

func skeleton(p string) string {
	if p == flows.LexiconFile {
		return "# Words for every flow; see the flow-file guide.\ndanger:\n  en: []\n  es: []\nquick_exit:\n  words: []\n  reply: true\n"
	}
	if isTest(p) {
		return "name: what this conversation checks\nsteps:\n  - send: hi\n    contains: [\"call 911\"]\n"
	}
	name := strings.TrimSuffix(strings.TrimSuffix(p, ".yaml"), ".yml")
	return "flow: " + name + "\ndescription: \nlanguages: [en, es]\nstart: first\n\nstates:\n  first:\n    say:\n      en: \n      es: \n    end: true\n"
}

// deleteFile removes a file from the draft; publishing makes that live like any change.
func (c *Console) deleteFile(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p := r.PostFormValue("path")
	if _, ok := ws.Files[p]; !ok {
		http.NotFound(w, r)
		return
	}
	delete(ws.Files, p)
	if err := c.saveDraft(r, s, ws, "file_deleted", p); err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderView(w, http.StatusOK, "flows", s, view{Title: "Flows", Work: ws, Notice: p + " is deleted in your draft.",
		Data: flowListData{Check: lint(ws.Files)}})
}

func (c *Console) discardDraft(w http.ResponseWriter, r *http.Request, s *session) {
	if err := c.deps.Store.DropDraft(r.Context(), s.User); err != nil {
		c.fail(w, r, err)
		return
	}
	c.audit(r.Context(), s.User, "draft_discarded", "")
	http.Redirect(w, r, Prefix+"/flows", http.StatusSeeOther)
}

// updateDraft brings a draft's changes onto the live version: the live files, with the files
// the draft changed or removed changed or removed the same way.
func (c *Console) updateDraft(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	ws, err := c.workspace(ctx, s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if !ws.Stale() {
		http.Redirect(w, r, Prefix+"/flows", http.StatusSeeOther)
		return
	}
	base, err1 := c.version(ctx, ws.Base)
	live, err2 := c.version(ctx, ws.Live)
	if err1 != nil || err2 != nil {
		c.fail(w, r, fmt.Errorf("%v %v", err1, err2))
		return
	}
	theirs, gone := diffFiles(base, live)
	files := live.Clone()
	for _, p := range ws.Changed {
		files[p] = ws.Files[p]
	}
	for _, p := range ws.Removed {
		delete(files, p)
	}
	both := intersect(ws.Changed, append(theirs, gone...))
	old := ws.Base
	ws.Base, ws.Files = ws.Live, files
	if err := c.saveDraft(r, s, ws, "draft_updated", fmt.Sprintf("from version %d onto version %d", old, ws.Live)); err != nil {
		c.fail(w, r, err)
		return
	}
	notice := fmt.Sprintf("Your changes now sit on version %d.", ws.Live)
	if len(both) > 0 {
		notice += " These files were also changed in the published version, and your version of them was kept: " +
			strings.Join(both, ", ") + ". Check them."
	}
	c.renderView(w, http.StatusOK, "flows", s, view{Title: "Flows", Work: ws, Notice: notice, Data: flowListData{Check: lint(ws.Files)}})
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}
