package bot

import (
	"fmt"
	"testing"
	"time"
)

func TestShowCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 1: "<5", 4: "<5", 5: "5", 1234: "1234"} {
		if got := ShowCount(n); got != want {
			t.Errorf("ShowCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for place, want := range map[string]string{"Houston, TX": "TX", "ZIP 77002": "TX", "ZIP 10001": "NY", "ZIP 00901": "PR",
		"ZIP 99501": "AK", "ZIP 20500": "DC", "Reno, NV": "NV", "somewhere": "unknown", "": "unknown", "ZIP 00000": "unknown"} {
		if got := RegionOf(place); got != want {
			t.Errorf("RegionOf(%q) = %q, want %q", place, got, want)
		}
	}
}

func TestStatNames(t *testing.T) {
	for label, want := range map[string]string{"Tip": "flow:tip", "": "flow:unknown", "two girls": "flow:other",
		"+15550001111": "flow:other", "a;b=c": "flow:other"} {
		if got := StatLabel(StatFlow, label); got != want || !ValidStatName(got) {
			t.Errorf("StatLabel(flow, %q) = %q (valid %v), want %q", label, got, ValidStatName(got), want)
		}
	}
	for _, bad := range []string{"", "a::b", "a b", "A", "x=1", "a;b", ":a"} {
		if ValidStatName(bad) {
			t.Errorf("ValidStatName(%q) is true", bad)
		}
	}
}

// TestCountDesk: what staff and the escalation timer do to a handoff is counted once, by
// comparing the handoff before and after: a claim with its time to claim, an escalation, the
// hotline, a close; doing the same again (a session already claimed) counts nothing.
func TestCountDesk(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	open := Session{Version: 3, Handoff: &Handoff{Ref: "R1", Queue: "national", Opened: at}}
	step := func(old Session, change func(h *Handoff), effects ...Effect) Counts {
		c := Commit{Session: old.Clone(), Effects: effects}
		change(c.Session.Handoff)
		countCommit(old, &c, turnFacts{})
		return c.Counts
	}
	claimed := step(open, func(h *Handoff) { h.Owner, h.Claimed = "U1", at.Add(4*time.Minute) })
	if want := "map[claim:le:300:1 claim:seconds:240 handoffs:claimed:1]"; fmt.Sprint(claimed) != want {
		t.Errorf("a claim after 4 minutes counts %v, want %s", claimed, want)
	}
	was := open.Clone()
	was.Handoff.Owner, was.Handoff.Claimed = "U1", at.Add(time.Minute)
	if again := step(was, func(h *Handoff) { h.Owner = "U1" }); len(again) != 0 {
		t.Errorf("a claimed handoff staying claimed counts %v", again)
	}
	esc := step(open, func(h *Handoff) { h.Escalated = true })
	hot := step(open, func(h *Handoff) { h.Escalated, h.Hotline = true, true })
	if fmt.Sprint(esc) != "map[handoffs:escalated:1]" || fmt.Sprint(hot) != "map[handoffs:escalated:1 handoffs:hotline:1]" {
		t.Errorf("escalation counts %v, escalation and hotline %v", esc, hot)
	}
	late := step(open, func(h *Handoff) { h.Owner, h.Claimed = "U1", at.Add(5*time.Hour) })
	if late["claim:le:inf"] != 1 {
		t.Errorf("a claim after five hours counts %v, want claim:le:inf", late)
	}
	c := Commit{Session: Session{Version: 3}, Effects: []Effect{{Kind: DeskUpdate, Status: StatusClosed}}}
	countCommit(was, &c, turnFacts{})
	if fmt.Sprint(c.Counts) != "map[handoffs:closed:1]" {
		t.Errorf("a close counts %v", c.Counts)
	}
	ask := Commit{Session: Session{Version: 3, Handoff: &Handoff{Ref: "R2", Tip: "TIP-2AAAAB", Owner: "U1", Claimed: at, Opened: at}}}
	countCommit(Session{Version: 2}, &ask, turnFacts{})
	if fmt.Sprint(ask.Counts) != "map[tips:followups:1]" {
		t.Errorf("Ask tipster counts %v, want a follow-up and no claim", ask.Counts)
	}
}

// TestCountTexter: a first message starts a conversation; an erasure counts as a deletion or a
// quick exit, but one that finds nothing stored (a DELETE delivered again) counts nothing.
func TestCountTexter(t *testing.T) {
	first := Commit{Session: Session{Lang: "es", Flow: "main"}}
	countCommit(Session{}, &first, turnFacts{texter: true, channel: ChannelSMS})
	if want := "map[conversations:1 conversations:channel:sms:1 conversations:lang:es:1 flow:main:1]"; fmt.Sprint(first.Counts) != want {
		t.Errorf("a first message counts %v, want %s", first.Counts, want)
	}
	quick := Commit{Erase: true}
	countCommit(Session{Version: 4}, &quick, turnFacts{texter: true, quickExit: true})
	again := Commit{Erase: true}
	countCommit(Session{}, &again, turnFacts{texter: true})
	if fmt.Sprint(quick.Counts) != "map[quick_exits:1]" || len(again.Counts) != 0 {
		t.Errorf("a quick exit counts %v; a DELETE with nothing stored %v", quick.Counts, again.Counts)
	}
	stop := Commit{Session: Session{Version: 4, OptedOut: true}, Effects: []Effect{{Kind: HandoffEnded}}}
	countCommit(Session{Version: 4, Flow: "talk"}, &stop, turnFacts{texter: true})
	if fmt.Sprint(stop.Counts) != "map[handoffs:ended:1 opt_outs:1]" {
		t.Errorf("STOP with staff counts %v", stop.Counts)
	}
	replayed := Commit{Session: Session{Version: 2, Flow: "main"}}
	countCommit(Session{Version: 1, Flow: "main"}, &replayed, turnFacts{texter: true, failSafe: true})
	if fmt.Sprint(replayed.Counts) != "map[failsafe_replies:1]" {
		t.Errorf("a spooled message handled from the backlog counts %v", replayed.Counts)
	}
}

// TestTurnCountsKept: counts a turn adds (a campaign trigger) reach the commit beside the derived
// ones.
func TestTurnCountsKept(t *testing.T) {
	c := Commit{Session: Session{Version: 2}, Counts: Counts{"campaign:spring": 1}}
	countCommit(Session{Version: 1}, &c, turnFacts{texter: true})
	if fmt.Sprint(c.Counts) != "map[campaign:spring:1]" {
		t.Errorf("counts %v", c.Counts)
	}
}
