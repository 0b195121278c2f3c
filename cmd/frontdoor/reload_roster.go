package main

import (
	"bytes"
	"context"
	"os"
)

// watchRoster reloads FRONTDOOR_ONCALL on SIGHUP and when the file changes (looked at every
// FRONTDOOR_FLOWS_POLL): a roster that reads cleanly and has every queue the running flows hand
// off to replaces the old one for every action from then on; a bad one is refused with one log
// line that says where and why, and the old roster stays. Like the flows folder, a change seen on
// a poll is acted on once it reads the same on the next one.
func (a *app) watchRoster(ctx context.Context) {
	if a.desk == nil {
		return
	}
	last, _ := os.ReadFile(a.cfg.Oncall)
	wait := settler[[]byte]{same: bytes.Equal}
	tickOrHUP(ctx, a.cfg.FlowPoll,
		func() { last = a.reloadRoster("the file changed", last, &wait) },
		func() { last = a.reloadRoster("SIGHUP", nil, nil) })
}

// reloadRoster swaps in the roster file if it differs from last (always on a nil last), has
// settled (when wait is not nil) and checks out. It returns the bytes it acted on, so an
// unchanged bad file is reported once.
func (a *app) reloadRoster(why string, last []byte, wait *settler[[]byte]) []byte {
	log := a.log.With("comp", "desk", "reason", why, "file", a.cfg.Oncall)
	data, err := os.ReadFile(a.cfg.Oncall)
	if err != nil {
		log.Error("roster reload refused: the file cannot be read; the roster in use stays", "error", err)
		return last
	}
	if last != nil && bytes.Equal(data, last) {
		return last
	}
	if wait != nil && !wait.settled(data) {
		return last
	}
	ro, probs := loadRoster(a.cfg.Oncall)
	if ro != nil {
		probs = append(probs, ro.CheckQueues(handoffQueues(a.bot.CurrentEngine().Flows()))...)
	}
	if ro == nil || len(probs.Errors()) > 0 {
		log.Error("roster reload refused; the roster in use stays", "problems", firstLines(probs.Error(), 10))
		return data
	}
	a.desk.desk.SwapRoster(ro)
	log.Info("roster reloaded", "queues", len(ro.Queues))
	return data
}
