package flows

import (
	"strings"
	"testing"
)

// TestMayContract keeps the fast path in step with the tables: every word that starts a
// contraction, and every long form, is one mayContract lets through.
func TestMayContract(t *testing.T) {
	for two := range contractions {
		if first, _, _ := strings.Cut(two, " "); !mayContract(first) {
			t.Errorf("contraction %q starts with %q, which mayContract skips", two, first)
		}
	}
	for one := range longForms {
		if !mayContract(one) {
			t.Errorf("long form %q is skipped by mayContract", one)
		}
	}
}
