// Package transcript runs transcript tests: YAML files that say what a texter sends and what must
// come back. Coordinators write them next to their flows (in tests/), and `frontdoor flows test`
// and the Go tests run them through the real Bot with an in-memory store.
package transcript

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"go.yaml.in/yaml/v3"
)

// Transcript is one conversation to replay.
type Transcript struct {
	File  string `yaml:"-"`
	Name  string `yaml:"name"`
	From  string `yaml:"from"` // the texter's number; default DefaultFrom
	Steps []Step `yaml:"steps"`
}

// DefaultFrom is the number transcripts text from unless they say otherwise.
const DefaultFrom = "+15550100001"

// Step is one message and what must come back.
type Step struct {
	Send        string            `yaml:"send"`
	Media       int               `yaml:"media"`        // attachments sent with the message
	Wait        Duration          `yaml:"wait"`         // time that passes before the message
	Replies     *[]string         `yaml:"replies"`      // exactly these replies, in order
	Contains    []string          `yaml:"contains"`     // each appears in some reply
	NotContains []string          `yaml:"not_contains"` // none appears in any reply
	Silent      bool              `yaml:"silent"`       // no reply at all
	State       *string           `yaml:"state"`        // the state after the message; "" when no flow runs
	Flags       *[]string         `yaml:"flags"`        // exactly these of urgent, opted_out, handoff
	Saved       map[string]string `yaml:"saved"`        // answers saved so far (those listed)
	Effects     *[]string         `yaml:"effects"`      // kinds of the effects, in order
	Lang        string            `yaml:"lang"`         // the session's language after the message
	line        int
}

// Duration reads "90s", "20m", "73h".
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: wait %q is not a duration like 90s, 20m or 73h", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// Read parses one transcript file.
func Read(file string, data []byte) (*Transcript, error) {
	var t Transcript
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var doc yaml.Node
	_ = yaml.Unmarshal(data, &doc)
	lines := stepLines(&doc)
	for i := range t.Steps {
		if i < len(lines) {
			t.Steps[i].line = lines[i]
		}
	}
	t.File = file
	if t.Name == "" {
		t.Name = file
	}
	if t.From == "" {
		t.From = DefaultFrom
	}
	if len(t.Steps) == 0 {
		return nil, fmt.Errorf("%s: the transcript has no steps", file)
	}
	return &t, nil
}

// stepLines finds the line of each step, for failure messages.
func stepLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "steps" {
			var lines []int
			for _, s := range root.Content[i+1].Content {
				lines = append(lines, s.Line)
			}
			return lines
		}
	}
	return nil
}

// ReadDir reads every *.yaml file in dir of fsys, sorted by name.
func ReadDir(fsys fs.FS, dir string) ([]*Transcript, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []*Transcript
	for _, e := range entries {
		if e.IsDir() || (path.Ext(e.Name()) != ".yaml" && path.Ext(e.Name()) != ".yml") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		t, err := Read(p, data)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}
