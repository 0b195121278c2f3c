package webchat

import (
	"sync"
	"time"
)

// limiter holds the per-token state of one replica: a token bucket for sends, the polls open,
// and whether the visitor left (quick exit). It is bounded: entries idle for a minute are
// swept, and when maxTokens are tracked a new token is refused until some are swept.
type limiter struct {
	burst     float64
	perSecond float64
	maxPolls  int
	maxTokens int

	mu     sync.Mutex
	tokens map[string]*tokenState
	swept  time.Time
}

type tokenState struct {
	level float64 // send tokens left
	at    time.Time
	polls int
	gone  bool // the visitor pressed quick exit: polls end at once
}

func newLimiter(burst, perSecond float64, maxPolls, maxTokens int) *limiter {
	return &limiter{burst: burst, perSecond: perSecond, maxPolls: maxPolls, maxTokens: maxTokens, tokens: map[string]*tokenState{}}
}

// state returns the token's entry, or nil when too many tokens are tracked.
func (l *limiter) state(token string, now time.Time) *tokenState {
	if now.Sub(l.swept) > 10*time.Second {
		for k, st := range l.tokens {
			if st.polls == 0 && now.Sub(st.at) > time.Minute {
				delete(l.tokens, k)
			}
		}
		l.swept = now
	}
	st := l.tokens[token]
	if st == nil {
		if len(l.tokens) >= l.maxTokens {
			return nil
		}
		st = &tokenState{level: l.burst, at: now}
		l.tokens[token] = st
	}
	return st
}

// allowSend takes one send from the token's bucket.
func (l *limiter) allowSend(token string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(token, now)
	if st == nil || st.gone {
		return false
	}
	st.level = min(l.burst, st.level+now.Sub(st.at).Seconds()*l.perSecond)
	st.at = now
	if st.level < 1 {
		return false
	}
	st.level--
	return true
}

// openPoll counts a poll in; done must be called when it ends. ok is false when the token has
// its polls open already, left, or too many tokens are tracked.
func (l *limiter) openPoll(token string, now time.Time) (done func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(token, now)
	if st == nil || st.gone || st.polls >= l.maxPolls {
		return nil, false
	}
	st.polls++
	st.at = now
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		st.polls--
		st.at = time.Now()
	}, true
}

// leave marks the token gone, so its open polls end and new ones are refused here.
func (l *limiter) leave(token string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st := l.state(token, now); st != nil {
		st.gone = true
	}
}

// left reports whether the visitor pressed quick exit on this replica.
func (l *limiter) left(token string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.tokens[token]
	return st != nil && st.gone
}
