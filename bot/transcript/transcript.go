// Package transcript runs transcript tests: YAML files that say what a texter sends and what must
// come back. Coordinators write them next to their flows (in tests/), and `frontdoor flows test`
// and the Go tests run them through the real Bot with an in-memory store. `frontdoor flows lint`
// reads them too (Lint), reporting every mistake with file:line:col.
//
// Imports: bot, flows, internal/linediff and internal/yamlpos. cmd/frontdoor and
// integrations/console import it.
package transcript

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/flows"
)

// Transcript is one conversation to replay.
type Transcript struct {
	File  string
	Name  string
	From  string // the texter's number; default DefaultFrom
	Steps []Step
	// IgnoreCase makes contains and not_contains of every step ignore case.
	IgnoreCase bool
}

// DefaultFrom is the number transcripts text from unless they say otherwise.
const DefaultFrom = "+15550100001"

// Step is one message and what must come back.
type Step struct {
	Send        string
	Media       int               // attachments sent with the message
	Wait        time.Duration     // time that passes before the message
	Replies     *[]string         // exactly these replies, in order
	Contains    []string          // each appears in some reply
	NotContains []string          // none appears in any reply
	IgnoreCase  bool              // contains and not_contains ignore case (also when the transcript says so)
	Silent      bool              // no reply at all
	State       *string           // the state after the message; "" when no flow runs
	Flags       *[]string         // exactly these of urgent, opted_out, handoff
	Saved       map[string]string // answers saved so far (those listed)
	Effects     *[]string         // kinds of the effects, in order
	Lang        string            // the session's language after the message
	line        int
	pos         map[string]flows.Pos // where each expectation is written, for Check
}

// Read parses one transcript file; the error lists every problem, one per line.
func Read(file string, data []byte) (*Transcript, error) {
	t, probs := Parse(file, data)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// ReadDir reads every *.yaml file in dir of fsys, sorted by name. The error lists the problems
// of every file that does not read.
func ReadDir(fsys fs.FS, dir string) ([]*Transcript, error) {
	ts, probs := ReadAll(fsys, dir)
	if errors.Is(probs.dirErr, fs.ErrNotExist) {
		return nil, probs.dirErr
	}
	if err := probs.Problems.Err(); err != nil {
		return nil, err
	}
	return ts, nil
}

// ReadResult is what ReadAll found besides the transcripts.
type ReadResult struct {
	flows.Problems
	dirErr error // the folder itself could not be read
}

// ReadAll reads every *.yaml and *.yml file in dir of fsys, sorted by name: the transcripts that
// read, and the problems of all of them. A missing dir gives no transcripts and no problems.
func ReadAll(fsys fs.FS, dir string) ([]*Transcript, ReadResult) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		res := ReadResult{dirErr: err}
		if !errors.Is(err, fs.ErrNotExist) {
			res.Problems = flows.Problems{{Pos: flows.Pos{File: dir}, Msg: "cannot read the transcript tests: " + err.Error()}}
		}
		return nil, res
	}
	var out []*Transcript
	var res ReadResult
	for _, e := range entries {
		if e.IsDir() || (path.Ext(e.Name()) != ".yaml" && path.Ext(e.Name()) != ".yml") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			res.Problems = append(res.Problems, flows.Problem{Pos: flows.Pos{File: p}, Msg: "cannot read the file: " + err.Error()})
			continue
		}
		t, probs := Parse(p, data)
		res.Problems = append(res.Problems, probs...)
		if t != nil {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	res.Problems = res.Problems.Sorted()
	return out, res
}

// Lint reads the transcript tests in dir of fsys and checks them against set: what Parse
// reports, and expectations that can never hold (Check). With a nil set (the flows have
// errors) only the reading is checked.
func Lint(fsys fs.FS, dir string, set *flows.Set) flows.Problems {
	ts, res := ReadAll(fsys, dir)
	probs := res.Problems
	for _, t := range ts {
		if set != nil {
			probs = append(probs, Check(t, set)...)
		}
	}
	return probs.Sorted()
}
