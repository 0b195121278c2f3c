package bot

import (
	"strings"
	"time"
)

// What each commit counts (Commit.Counts). Everything is read from the commit itself and the
// session it was loaded from, so the counts are written in the same atomic commit as the event
// and a commit that loses its compare-and-set or its dedupe check counts nothing.

// turnFacts is what a commit's counts need besides the old session and the commit.
type turnFacts struct {
	texter    bool    // a texter's message (not a desk action or a provider's opt-out)
	channel   Channel // the texter's channel, for a texter's message
	quickExit bool    // the erasure was a quick exit, not DELETE
	failSafe  bool    // the message was answered with the fail-safe reply when it arrived (spooled)
}

// countCommit sets c.Counts to what c does to a session that was old, keeping any counts the
// caller added before (campaign triggers).
func countCommit(old Session, c *Commit, f turnFacts) {
	n := &c.Counts
	s := c.Session
	if f.texter {
		countTexter(n, old, c, f)
	}
	if s.OptedOut && !old.OptedOut && !c.Erase {
		n.Add(StatOptOuts, 1)
	}
	if c.Tip != nil && !c.Erase {
		countTip(n, *c.Tip)
	}
	countHandoff(n, old.Handoff, s.Handoff, c.Erase)
	for _, e := range c.Effects {
		countEffect(n, e)
	}
}

// countTexter counts a texter's message. A session that was never stored (Version 0) starts a
// conversation, unless the message erases: erasure also forgets which messages were handled, so
// a DELETE delivered again after it erased (a provider's retry, another replica) finds nothing
// stored and must count neither a conversation nor a second deletion.
func countTexter(n *Counts, old Session, c *Commit, f turnFacts) {
	s := c.Session
	if c.Erase && old.Version == 0 {
		return
	}
	if old.Version == 0 {
		lang := s.Lang
		if lang == "" {
			lang = old.Lang
		}
		n.Add(StatConversations, 1)
		n.Add(StatLabel(StatConvChannel, string(f.channel)), 1)
		n.Add(StatLabel(StatConvLang, lang), 1)
	}
	if s.Flow != "" && s.Flow != old.Flow && !c.Erase {
		n.Add(StatLabel(StatFlow, s.Flow), 1)
	}
	switch {
	case c.Erase && f.quickExit:
		n.Add(StatQuickExits, 1)
	case c.Erase:
		n.Add(StatDeletions, 1)
	}
	if f.failSafe {
		n.Add(StatFailSafe, 1)
	}
}

func countTip(n *Counts, t Tip) {
	n.Add(StatTips, 1)
	if t.Urgent {
		n.Add(StatTipsUrgent, 1)
	}
	n.Add(StatLabel(StatTipsRegion, RegionOf(t.Answers["where"])), 1)
	ch := t.Channel
	if ch == "" {
		ch = ChannelSMS
	}
	n.Add(StatLabel(StatTipsChannel, string(ch)), 1)
}

// countHandoff compares the handoff before and after a commit: a claim (with its time to claim),
// an escalation, the hotline given. A handoff is the same one while its Ref is.
func countHandoff(n *Counts, old, cur *Handoff, erase bool) {
	if cur == nil || erase {
		return
	}
	same := old != nil && old.Ref == cur.Ref
	if cur.Tip != "" && !same { // staff asking a tipster: opened claimed, not a handoff that waited
		n.Add(StatTipFollowUps, 1)
		return
	}
	if cur.Owner != "" && (!same || old.Owner == "") {
		n.Add(StatClaims, 1)
		wait := cur.Claimed.Sub(cur.Opened)
		if wait < 0 {
			wait = 0
		}
		n.Add(ClaimBucket(wait), 1)
		n.Add(StatClaimSeconds, int64(wait/time.Second))
	}
	if cur.Escalated && (!same || !old.Escalated) {
		n.Add(StatEscalations, 1)
	}
	if cur.Hotline && (!same || !old.Hotline) {
		n.Add(StatHotline, 1)
	}
}

func countEffect(n *Counts, e Effect) {
	switch {
	case e.Kind == HandoffRequested:
		n.Add(StatHandoffs, 1)
		n.Add(StatLabel(StatHandoffsQueue, e.Queue), 1)
		if e.Urgent {
			n.Add(StatHandoffsUrgent, 1)
		}
		if e.User != "" { // staff moved it here from another queue
			n.Add(StatTransfers, 1)
		}
	case e.Kind == HandoffEnded:
		n.Add(StatEnded, 1)
	case e.Kind == TipAdded:
		n.Add(StatTipAdditions, 1)
	case e.Kind == DeskUpdate && e.Status == StatusClosed:
		n.Add(StatCloses, 1)
		if o := CloseOutcome(e); o != "" {
			n.Add(StatLabel(StatOutcome, o), 1)
		}
	}
}

// CloseOutcome is the outcome staff recorded when they closed a handoff (an Outcomes code on
// the close's DeskUpdate effect): the label of handoffs:outcome:<label>, or "" when the close
// carries none (a close recorded before outcomes were asked for).
func CloseOutcome(e Effect) string { return e.Outcome }

// RegionOf returns the US state code of a place answer ("City, ST" or "ZIP 77002", as the
// engine saves a place), or "unknown". Only a state code ever reaches a counter.
func RegionOf(place string) string {
	place = strings.TrimSpace(place)
	if zip, ok := strings.CutPrefix(place, "ZIP "); ok {
		return stateOfZIP(zip)
	}
	i := strings.LastIndex(place, ", ")
	if i < 0 {
		return StatLabelUnknown
	}
	if abbr, ok := usState(place[i+2:]); ok {
		return abbr
	}
	return StatLabelUnknown
}
