package bottest

import (
	"strings"
	"sync"
)

// LogBuffer is a log sink safe for concurrent writes: a server's or a worker's log, read by
// the test while goroutines still write to it. The zero value is ready to use.
type LogBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write implements io.Writer.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Prepend puts s before everything written so far (an earlier log kept across a restart).
func (l *LogBuffer) Prepend(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rest := l.b.String()
	l.b.Reset()
	l.b.WriteString(s)
	l.b.WriteString(rest)
}
