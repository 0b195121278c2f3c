package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// workspace is what a coordinator works on: their draft, or the live version when they have
// none (the first save starts a draft from it).
type workspace struct {
	Base    int64 // the version the files began from
	Live    int64 // the live version now
	Draft   bool
	Files   bot.FlowFiles
	Changed []string // paths added or changed since Base
	Removed []string // paths of Base no longer in Files
}

// Stale reports whether another version went live since the draft began.
func (ws *workspace) Stale() bool { return ws.Draft && ws.Base != ws.Live }

// Paths returns the flow files, then the tests, each sorted.
func (ws *workspace) Paths() []string {
	var out []string
	for p := range ws.Files {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		ti, tj := isTest(out[i]), isTest(out[j])
		return ti != tj && tj || ti == tj && out[i] < out[j]
	})
	return out
}

func isTest(p string) bool {
	return len(p) > len(flows.TestsDir) && p[:len(flows.TestsDir)+1] == flows.TestsDir+"/"
}

func (c *Console) workspace(ctx context.Context, user string) (*workspace, error) {
	live, err := c.deps.Store.CurrentFlows(ctx)
	if err != nil {
		return nil, err
	}
	ws := &workspace{Base: live, Live: live}
	d, ok, err := c.deps.Store.Draft(ctx, user)
	if err != nil {
		return nil, err
	}
	base, err := c.version(ctx, live)
	if ok {
		ws.Draft, ws.Base, ws.Files = true, d.Base, d.Files
		base, err = c.version(ctx, d.Base)
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		ws.Files = base
	}
	ws.Changed, ws.Removed = diffFiles(base, ws.Files)
	return ws, nil
}

// version returns the files of version n; none for 0.
func (c *Console) version(ctx context.Context, n int64) (bot.FlowFiles, error) {
	if n == 0 {
		return bot.FlowFiles{}, nil
	}
	v, err := c.deps.Store.FlowVersion(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("reading version %d: %w", n, err)
	}
	return v.Files, nil
}

// diffFiles lists the paths of b added or changed from a, and those of a that b lacks.
func diffFiles(a, b bot.FlowFiles) (changed, removed []string) {
	for p, data := range b {
		if old, ok := a[p]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			removed = append(removed, p)
		}
	}
	sort.Strings(changed)
	sort.Strings(removed)
	return changed, removed
}

// checked is lint and, when asked, the transcript tests, of a set of files.
type checked struct {
	Set      *flows.Set
	Problems flows.Problems // of the flow files and the transcript tests, as flows lint gives them
	TestErr  error          // a transcript file that does not read
	Results  []transcript.Result
	Ran      bool           // the tests were run
	Roster   flows.Problems // queues the flows hand off to that the on-call roster lacks
}

// Errors counts lint errors.
func (ch *checked) Errors() int { return len(ch.Problems.Errors()) }

// Warnings counts lint warnings.
func (ch *checked) Warnings() int { return len(ch.Problems.Warnings()) }

// Failed counts failing transcripts.
func (ch *checked) Failed() int {
	n := 0
	for _, r := range ch.Results {
		if !r.Passed() {
			n++
		}
	}
	return n
}

// Passed counts passing transcripts.
func (ch *checked) Passed() int { return len(ch.Results) - ch.Failed() }

// Publishable reports whether the files may go live: no lint error, transcript tests that read,
// at least one, all passing.
func (ch *checked) Publishable() bool {
	return ch.Set != nil && ch.Errors() == 0 && ch.Ran && ch.TestErr == nil && len(ch.Results) > 0 && ch.Failed() == 0 && len(ch.Roster) == 0
}

// Why says what stops publishing, or "".
func (ch *checked) Why() string {
	switch {
	case ch.Set == nil || ch.Errors() > 0:
		return "lint found " + yamlpos.Count(ch.Errors(), "error")
	case ch.TestErr != nil:
		return "a transcript test does not read: " + ch.TestErr.Error()
	case len(ch.Results) == 0:
		return "there are no transcript tests in tests/: add at least one"
	case ch.Failed() == 1:
		return fmt.Sprintf("1 of %d transcript tests fails", len(ch.Results))
	case ch.Failed() > 0:
		return fmt.Sprintf("%d of %d transcript tests fail", ch.Failed(), len(ch.Results))
	case len(ch.Roster) > 0:
		return "the flows hand off to a queue the on-call roster does not have (" + ch.Roster[0].Msg +
			"): add the queue to the roster first, or change the flow"
	}
	return ""
}

// lint checks files as `frontdoor flows lint` does: the flow files, then the transcript tests.
func lint(files bot.FlowFiles) *checked {
	fsys := flows.FilesFS(files)
	set, probs := flows.Load(fsys, bot.FlowOptions())
	return &checked{Set: set, Problems: append(probs, transcript.Lint(fsys, flows.TestsDir, set)...)}
}

// check lints files and runs their transcript tests, each on an empty in-memory store.
func (c *Console) check(files bot.FlowFiles) *checked {
	ch := lint(files)
	if ch.Set == nil {
		return ch
	}
	ts, err := transcript.ReadDir(flows.FilesFS(files), flows.TestsDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		ch.TestErr = err
		return ch
	}
	if c.deps.CheckRoster != nil {
		ch.Roster = c.deps.CheckRoster(ch.Set)
	}
	r := &transcript.Runner{Flows: ch.Set, Messages: c.deps.Messages, NewStore: c.deps.NewStore}
	for _, t := range ts {
		ch.Results = append(ch.Results, r.Run(t))
	}
	ch.Ran = true
	return ch
}
