package yamlpos

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a file. Line and Col count from 1.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is an error or a warning found in a file.
type Problem struct {
	Pos     Pos
	Msg     string
	Warning bool
}

func (p Problem) String() string {
	if p.Warning {
		return p.Pos.String() + ": warning: " + p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is a list of problems in file order. As an error it lists the errors, one per line.
type Problems []Problem

func (ps Problems) Error() string {
	var lines []string
	for _, p := range ps {
		if !p.Warning {
			lines = append(lines, p.String())
		}
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems { return ps.filter(false) }

// Warnings returns the problems that are warnings.
func (ps Problems) Warnings() Problems { return ps.filter(true) }

func (ps Problems) filter(warning bool) Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning == warning {
			out = append(out, p)
		}
	}
	return out
}

// Err returns ps as an error when it holds an error, else nil.
func (ps Problems) Err() error {
	if len(ps.Errors()) == 0 {
		return nil
	}
	return ps.Errors()
}

// Sorted orders problems by file and position.
func (ps Problems) Sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return ps
}

// Summary counts the errors and warnings: "1 error, 0 warnings", "2 errors, 1 warning".
func (ps Problems) Summary() string {
	return Count(len(ps.Errors()), "error") + ", " + Count(len(ps.Warnings()), "warning")
}

// Count says n of a noun: "1 error", "0 errors", "2 errors".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
