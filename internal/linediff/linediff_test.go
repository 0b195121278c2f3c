package linediff

import (
	"fmt"
	"strings"
	"testing"
)

func show(lines []Line) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s%d,%d %s\n", map[Op]string{Same: " ", Removed: "-", Added: "+"}[l.Op], l.Old, l.New, l.Text)
	}
	return b.String()
}

func TestLines(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"a b c", "a b c", " 1,1 a\n 2,2 b\n 3,3 c\n"},
		{"a b c", "a x c", " 1,1 a\n-2,0 b\n+0,2 x\n 3,3 c\n"},
		{"a b c", "a b new c", " 1,1 a\n 2,2 b\n+0,3 new\n 3,4 c\n"},
		{"a b c d", "a c d", " 1,1 a\n-2,0 b\n 3,2 c\n 4,3 d\n"},
		{"", "a b", "+0,1 a\n+0,2 b\n"},
		{"x a y b z", "a q b", "-1,0 x\n 2,1 a\n-3,0 y\n+0,2 q\n 4,3 b\n-5,0 z\n"},
	} {
		if got := show(Lines(strings.Fields(c.a), strings.Fields(c.b))); got != c.want {
			t.Errorf("%q -> %q:\n%s--- want\n%s", c.a, c.b, got, c.want)
		}
	}
}

func TestHunks(t *testing.T) {
	a := strings.Fields("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20")
	b := append([]string(nil), a...)
	b[1], b[17] = "two", "eighteen"
	hunks := Hunks(Lines(a, b), 2)
	if len(hunks) != 2 {
		t.Fatalf("%d hunks:\n%v", len(hunks), hunks)
	}
	if got := show(hunks[0]); got != " 1,1 1\n-2,0 2\n+0,2 two\n 3,3 3\n 4,4 4\n" {
		t.Errorf("first hunk:\n%s", got)
	}
	if got := show(hunks[1]); got != " 16,16 16\n 17,17 17\n-18,0 18\n+0,18 eighteen\n 19,19 19\n 20,20 20\n" {
		t.Errorf("second hunk:\n%s", got)
	}
	b[5] = "six" // close to the first change: one hunk with both
	if hunks := Hunks(Lines(a, b), 2); len(hunks) != 2 || len(hunks[0]) != 10 {
		t.Errorf("changes 4 lines apart should share a hunk: %v", hunks)
	}
	if hunks := Hunks(Lines(a, a), 3); hunks != nil {
		t.Errorf("no change, no hunk: %v", hunks)
	}
	if r, ad := Counts(Lines(a, b)); r != 3 || ad != 3 {
		t.Errorf("counts %d %d", r, ad)
	}
}

func TestLines_large(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, fmt.Sprint("old", i))
		b = append(b, fmt.Sprint("new", i))
	}
	lines := Lines(a, b)
	if r, ad := Counts(lines); r != 3000 || ad != 3000 {
		t.Errorf("past MaxCells the middle is removed then added: %d %d", r, ad)
	}
}
