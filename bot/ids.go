package bot

import (
	"crypto/rand"
	"io"
	"time"
)

// Clock tells the time; bot never reads the system clock itself.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function such as time.Now to Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// IDs makes the random names the engine hands out.
type IDs interface {
	Alias() string   // a per-conversation alias for staff, e.g. "K7QF"
	TipCode() string // a tip receipt code, e.g. "TIP-7K3QXM"
}

// codeAlphabet leaves out letters and digits that are easy to confuse (0/O, 1/I/L, U/V).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"

// Code lengths: aliases only need to tell conversations apart on screen; tip codes are checked for
// uniqueness by the store too, but 6 characters (29^6 ≈ 600 million) make a clash rare.
const (
	aliasLength   = 4
	tipCodeLength = 6
)

// RandomIDs draws names from a random source: crypto/rand by default, a seeded reader in tests.
type RandomIDs struct {
	Rand io.Reader // nil means crypto/rand
}

// Alias returns a new alias.
func (r RandomIDs) Alias() string { return r.code(aliasLength) }

// TipCode returns a new tip receipt code.
func (r RandomIDs) TipCode() string { return "TIP-" + r.code(tipCodeLength) }

func (r RandomIDs) code(n int) string {
	src := r.Rand
	if src == nil {
		src = rand.Reader
	}
	out := make([]byte, n)
	buf := make([]byte, 1)
	for i := 0; i < n; {
		if _, err := io.ReadFull(src, buf); err != nil {
			panic("bot: random source failed: " + err.Error()) // crypto/rand does not fail on supported systems
		}
		// Rejection sampling keeps every character equally likely.
		if int(buf[0]) >= 256/len(codeAlphabet)*len(codeAlphabet) {
			continue
		}
		out[i] = codeAlphabet[int(buf[0])%len(codeAlphabet)]
		i++
	}
	return string(out)
}
