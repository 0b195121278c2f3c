package faults

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nhttf/frontdoor/internal/servetest"
)

// Staff is the on-call staff member of servetest.Roster.
const Staff = "U0STAFF001"

var presses atomic.Int64 // makes each button press's action_ts unique

// Claim presses Claim on the handoff post of thread (its ts) as Staff, again every half second
// (as staff would, if the post reached Slack before the desk recorded it), until the post says
// it is claimed; it fails the test after limit.
func (f *Fleet) Claim(thread string, limit time.Duration) {
	f.T.Helper()
	claimed := func() bool {
		for _, m := range f.HandoffPosts() {
			if m.TS == thread {
				return strings.Contains(string(m.Blocks), "Claimed by")
			}
		}
		return false
	}
	last := time.Time{}
	f.WaitUntil(limit, "the claim of thread "+thread, func() bool {
		if time.Since(last) > 500*time.Millisecond {
			last = time.Now()
			body := servetest.SlackButton(Staff, QueueChannel, thread, "fd_claim", "", int(presses.Add(1)))
			if status, err := f.Staff("/slack/interactions", "application/x-www-form-urlencoded", body); err != nil || status != 200 {
				f.T.Errorf("claim: %d %v", status, err)
			}
		}
		return claimed()
	})
}

// Reply makes Staff write text in thread, as Slack would: the message is added to the fake
// Slack and its event (id eventID) delivered to the replicas. It returns the message's ts.
func (f *Fleet) Reply(thread, text, eventID string) (string, error) {
	ts := f.Slack.AddUserMessage(QueueChannel, thread, Staff, text)
	status, err := f.Staff("/slack/events", "application/json", servetest.SlackEvent(eventID, QueueChannel, thread, ts, Staff, text))
	if err == nil && status != 200 {
		err = fmt.Errorf("the Slack event was answered %d", status)
	}
	return ts, err
}

// Reacted reports which reaction, if any, the desk put on message ts: "white_check_mark" once
// the SMS provider accepted a staff reply, "warning" when it was not sent or not delivered.
func (f *Fleet) Reacted(ts string) string {
	for _, r := range f.Slack.Reactions() {
		if r.TS == ts {
			return r.Name
		}
	}
	return ""
}
