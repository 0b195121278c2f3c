package bot

import (
	"crypto/rand"
	"io"
	"sync"
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

// Code lengths: aliases only need to tell conversations apart on screen; tip codes are unique
// (the store refuses a taken one), and 6 characters make a guess hopeless and a redraw rare.
const (
	aliasLength   = 4
	tipCodeLength = 6
)

// RandomIDs draws names from a random source: crypto/rand, or a seeded reader in tests. It is
// safe for concurrent use.
type RandomIDs struct {
	mu  sync.Mutex
	src io.Reader
}

// NewRandomIDs returns IDs drawn from src; nil means crypto/rand.
func NewRandomIDs(src io.Reader) *RandomIDs {
	if src == nil {
		src = rand.Reader
	}
	return &RandomIDs{src: src}
}

// Alias returns a new alias.
func (r *RandomIDs) Alias() string { return r.code(aliasLength) }

// TipCode returns a new tip receipt code. It always holds a digit, so that no word is a code
// (ParseTipCode); that leaves about 510 million codes.
func (r *RandomIDs) TipCode() string {
	for {
		if c := r.code(tipCodeLength); isTipCode(c) {
			return TipCodePrefix + c
		}
	}
}

// code draws n characters from codeAlphabet. Rejection sampling keeps every character equally
// likely: bytes at or above the largest multiple of the alphabet size are thrown away.
func (r *RandomIDs) code(n int) string {
	const limit = 256 / len(codeAlphabet) * len(codeAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		r.mu.Lock()
		_, err := io.ReadFull(r.src, buf)
		r.mu.Unlock()
		if err != nil {
			panic("bot: random source failed: " + err.Error()) // crypto/rand does not fail on supported systems
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, codeAlphabet[int(b)%len(codeAlphabet)])
			}
		}
	}
	return string(out)
}
