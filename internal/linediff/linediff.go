// Package linediff compares two texts line by line: the longest common subsequence of their
// lines, as the lines kept, removed and added, grouped into hunks with context. Flow files are
// small; past MaxCells the middle of a large change is shown as removed then added.
//
// Imports: the standard library only; bot/transcript and integrations/console import it.
package linediff

// Op is what happened to a line.
type Op int

const (
	Same Op = iota
	Removed
	Added
)

// Line is one line of the comparison. Old and New are its line numbers in each text, counted
// from 1; 0 where the line is not in that text.
type Line struct {
	Op       Op
	Text     string
	Old, New int
}

// MaxCells bounds the table the comparison builds (lines of one text times lines of the
// other, after the common start and end are set aside).
const MaxCells = 4 << 20

// Lines compares a and b.
func Lines(a, b []string) []Line {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []Line
	for i := 0; i < pre; i++ {
		out = append(out, Line{Op: Same, Text: a[i], Old: i + 1, New: i + 1})
	}
	out = append(out, middle(a[pre:len(a)-suf], b[pre:len(b)-suf], pre)...)
	for i := 0; i < suf; i++ {
		ai, bi := len(a)-suf+i, len(b)-suf+i
		out = append(out, Line{Op: Same, Text: a[ai], Old: ai + 1, New: bi + 1})
	}
	return out
}

// middle compares the differing middles; off is how many lines came before them.
func middle(a, b []string, off int) []Line {
	var out []Line
	if len(a)*len(b) > MaxCells {
		for i, s := range a {
			out = append(out, Line{Op: Removed, Text: s, Old: off + i + 1})
		}
		for j, s := range b {
			out = append(out, Line{Op: Added, Text: s, New: off + j + 1})
		}
		return out
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, Line{Op: Same, Text: a[i], Old: off + i + 1, New: off + j + 1})
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, Line{Op: Removed, Text: a[i], Old: off + i + 1})
			i++
		default:
			out = append(out, Line{Op: Added, Text: b[j], New: off + j + 1})
			j++
		}
	}
	return out
}

// Hunks groups the changed lines with up to context unchanged lines around each; changes closer
// than twice the context share a hunk. No change, no hunk.
func Hunks(lines []Line, context int) [][]Line {
	var hunks [][]Line
	var cur []Line
	last := -1 // index of the last changed line in cur's range
	for i, l := range lines {
		if l.Op == Same {
			continue
		}
		start := max(0, i-context)
		if cur != nil && start <= last+context+1 {
			cur = append(cur, lines[last+1:i+1]...)
		} else {
			if cur != nil {
				hunks = append(hunks, append(cur, lines[last+1:min(len(lines), last+1+context)]...))
			}
			cur = append([]Line(nil), lines[start:i+1]...)
		}
		last = i
	}
	if cur != nil {
		hunks = append(hunks, append(cur, lines[last+1:min(len(lines), last+1+context)]...))
	}
	return hunks
}

// Counts returns how many lines were removed and added.
func Counts(lines []Line) (removed, added int) {
	for _, l := range lines {
		switch l.Op {
		case Removed:
			removed++
		case Added:
			added++
		}
	}
	return removed, added
}
