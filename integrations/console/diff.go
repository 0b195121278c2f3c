package console

import (
	"context"
	"strings"

	"github.com/nhttf/frontdoor/internal/linediff"
)

// diffContext is how many unchanged lines the Publish page shows around a change.
const diffContext = 3

// fileDiff is what changed in one file of a draft, for the Publish page.
type fileDiff struct {
	Path           string
	New, Gone      bool
	Added, Removed int
	Hunks          [][]diffLine
}

// diffLine is one line as the page shows it.
type diffLine struct {
	Class, Mark, Said string // "add", "+", "added" | "del", "−", "removed" | "", "", ""
	Old, New          int
	Text              string
}

// draftDiffs compares the draft's changed and removed files with the version it began from.
func (c *Console) draftDiffs(ctx context.Context, ws *workspace) ([]fileDiff, error) {
	base, err := c.version(ctx, ws.Base)
	if err != nil {
		return nil, err
	}
	var out []fileDiff
	for _, p := range ws.Changed {
		old, had := base[p]
		lines := linediff.Lines(splitLines(old), splitLines(ws.Files[p]))
		d := fileDiff{Path: p, New: !had}
		d.Removed, d.Added = linediff.Counts(lines)
		for _, h := range linediff.Hunks(lines, diffContext) {
			d.Hunks = append(d.Hunks, showLines(h))
		}
		out = append(out, d)
	}
	for _, p := range ws.Removed {
		out = append(out, fileDiff{Path: p, Gone: true, Removed: len(splitLines(base[p]))})
	}
	return out, nil
}

func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func showLines(h []linediff.Line) []diffLine {
	out := make([]diffLine, len(h))
	for i, l := range h {
		d := diffLine{Old: l.Old, New: l.New, Text: l.Text}
		switch l.Op {
		case linediff.Added:
			d.Class, d.Mark, d.Said = "add", "+", "added"
		case linediff.Removed:
			d.Class, d.Mark, d.Said = "del", "−", "removed"
		}
		out[i] = d
	}
	return out
}
