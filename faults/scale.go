package faults

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// SizeEnv selects the suite's size: "ci" (volumes and outages scaled down to fit CI) or "full"
// (the sizes of the reliability requirements). Unset, the scenarios skip: they take minutes.
const SizeEnv = "FRONTDOOR_FAULTS"

// Need skips the test unless SizeEnv is set, and says how to run it.
func Need(t testing.TB) {
	t.Helper()
	switch os.Getenv(SizeEnv) {
	case "ci", "full":
	case "":
		t.Skipf("fault scenarios run real processes for minutes: set %s=ci (the CI size) or %s=full", SizeEnv, SizeEnv)
	default:
		t.Fatalf("%s=%q: use ci or full", SizeEnv, os.Getenv(SizeEnv))
	}
}

// Full reports whether the suite runs at full size.
func Full() bool { return os.Getenv(SizeEnv) == "full" }

// Size is ci or full, by the suite's size.
func Size[T int | float64 | time.Duration](ci, full T) T {
	if Full() {
		return full
	}
	return ci
}

var (
	figuresMu sync.Mutex
	figures   = map[string]string{}
)

// Figure logs a scenario's figure and keeps it for the summary that Summary prints.
func Figure(t testing.TB, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log("FIGURE: " + line)
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures[t.Name()] = line
}

// Summary prints one line per scenario that reported a figure, for the end of the run.
func Summary() string {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	names := make([]string, 0, len(figures))
	for n := range figures {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	size := os.Getenv(SizeEnv)
	for _, n := range names {
		fmt.Fprintf(&b, "fault suite (%s): %s: %s\n", size, n, figures[n])
	}
	return b.String()
}
