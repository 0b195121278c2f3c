package faults

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
)

// The roster's channels (servetest.Roster).
const (
	TipsChannel  = "C0TIPS0001"
	QueueChannel = "C0NATION01"
)

// roots are the messages of a channel that start a thread (posts, not replies).
func (f *Fleet) roots(channel string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range f.Slack.Messages(channel) {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			out = append(out, m)
		}
	}
	return out
}

// TipPosts counts the tip posts in the tips channel by receipt code.
func (f *Fleet) TipPosts() map[string]int {
	out := map[string]int{}
	for _, m := range f.roots(TipsChannel) {
		if c := receiptRE.FindString(m.Text + string(m.Blocks)); c != "" {
			out[c]++
		}
	}
	return out
}

// TipPostsOf counts the tip posts that carry texter i's answer (WhatOf), and returns the receipt
// code of the last one.
func (f *Fleet) TipPostsOf(i int) (int, string) {
	n, code := 0, ""
	what := WhatOf(i)
	for _, m := range f.roots(TipsChannel) {
		if s := m.Text + string(m.Blocks); strings.Contains(s, what) {
			n++
			code = receiptRE.FindString(s)
		}
	}
	return n, code
}

// HandoffPosts are the handoff posts in the queue's channel.
func (f *Fleet) HandoffPosts() []slackfake.Message { return f.roots(QueueChannel) }

// ThreadOf finds the handoff thread whose replies contain words; "" if none.
func (f *Fleet) ThreadOf(words string) string {
	for _, m := range f.Slack.Messages(QueueChannel) {
		if m.ThreadTS != "" && m.ThreadTS != m.TS && strings.Contains(m.Text, words) {
			return m.ThreadTS
		}
	}
	return ""
}

// ThreadText is the text of a thread's replies, one per line.
func (f *Fleet) ThreadText(ts string) string {
	var out []string
	for _, m := range f.Slack.Thread(QueueChannel, ts) {
		out = append(out, m.Text)
	}
	return strings.Join(out, "\n")
}

var seekerRE = regexp.MustCompile(`seeker (\d{4}) message (\d{3})`)

// SeekerNumbers lists, in thread order, the numbers of seeker i's messages that reached staff.
func (f *Fleet) SeekerNumbers(i int) []int {
	ts := f.ThreadOf(SeekerWords(i, 0))
	if ts == "" {
		return nil
	}
	var out []int
	for _, m := range seekerRE.FindAllStringSubmatch(f.ThreadText(ts), -1) {
		if id, _ := strconv.Atoi(m[1]); id == i {
			n, _ := strconv.Atoi(m[2])
			out = append(out, n)
		}
	}
	return out
}

// InOrderOnce reports whether numbers are 0, 1, 2, ... each once.
func InOrderOnce(numbers []int) bool {
	for k, n := range numbers {
		if n != k {
			return false
		}
	}
	return true
}

// WaitUntil polls cond every 50 ms for up to limit and returns how long it took; it fails the
// test when cond never held.
func (f *Fleet) WaitUntil(limit time.Duration, what string, cond func() bool) time.Duration {
	f.T.Helper()
	took, ok := PollUntil(limit, cond)
	if !ok {
		f.T.Fatalf("gave up after %v waiting for %s", limit, what)
	}
	return took
}

// PollUntil polls cond every 50 ms for up to limit and returns how long it took, and whether
// cond held.
func PollUntil(limit time.Duration, cond func() bool) (time.Duration, bool) {
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			return time.Since(start), false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start), true
}
