package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// watchFlowFiles publishes FRONTDOOR_FLOWS when its files change (looked at every
// FRONTDOOR_FLOWS_POLL, and at once on SIGHUP): files that pass the same gate as `frontdoor flows
// publish` (no lint error, every transcript test passes, every queue on the roster) are
// published as the live version, which every replica then runs; a bad folder is refused with
// one clear log line and the running flows stay. Only a change publishes: a SIGHUP meant for the
// roster never puts an unchanged folder back over what coordinators published since in the
// console. A change seen on a poll is acted on once the folder reads the same on the next poll,
// so a file caught halfway through being saved is neither published nor refused; SIGHUP acts at
// once. Conversations in flight keep going; a texter whose state vanished gets the menu with a
// short apology.
func (a *app) watchFlowFiles(ctx context.Context) {
	if a.cfg.FlowsDir == "" {
		return
	}
	last, _ := flows.ReadFiles(os.DirFS(a.cfg.FlowsDir))
	wait := settler[bot.FlowFiles]{same: sameFiles}
	tickOrHUP(ctx, a.cfg.FlowPoll,
		func() { last = a.reloadFlowFiles(ctx, "the files changed", last, &wait) },
		func() { last = a.reloadFlowFiles(ctx, "SIGHUP", last, nil) })
}

// settler holds back a change until it reads the same twice in a row: editors and copy tools
// write a file in steps, and a poll can land between them.
type settler[T any] struct {
	pending T
	waiting bool
	same    func(a, b T) bool
}

// settled reports whether now is the change seen on the poll before; otherwise it remembers now
// and asks to wait one more poll.
func (s *settler[T]) settled(now T) bool {
	if s.waiting && s.same(now, s.pending) {
		s.waiting = false
		return true
	}
	s.pending, s.waiting = now, true
	return false
}

// tickOrHUP calls tick every d and hup on each SIGHUP until ctx ends.
func tickOrHUP(ctx context.Context, d time.Duration, tick, hup func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP)
	defer signal.Stop(sig)
	bot.EveryOr(ctx, d, tick, sig, hup)
}

// reloadFlowFiles publishes the folder if it differs from last, has settled (when wait is not
// nil) and passes the gate. It returns the files it acted on, so an unchanged bad folder is
// reported once.
func (a *app) reloadFlowFiles(ctx context.Context, why string, last bot.FlowFiles, wait *settler[bot.FlowFiles]) bot.FlowFiles {
	log := a.log.With("comp", "flows", "reason", why, "from", a.cfg.FlowsDir)
	files, err := flows.ReadFiles(os.DirFS(a.cfg.FlowsDir))
	if err != nil {
		log.Error("flows reload refused: the folder cannot be read; the running flows stay", "error", err)
		return last
	}
	if last != nil && sameFiles(files, last) {
		return last
	}
	if wait != nil && !wait.settled(files) {
		return last
	}
	var report bytes.Buffer
	program := environment(func(k string) string {
		if k == "FRONTDOOR_PROGRAM" {
			return a.cfg.Program
		}
		return ""
	})
	if err := gate(files, program, a.currentRoster(), &report); err != nil {
		log.Error("flows reload refused; the running flows stay", "error", err.Error(), "problems", firstLines(failures(report.String()), 10))
		return files
	}
	var out bytes.Buffer
	host, _ := os.Hostname()
	err = publishFiles(ctx, a.back.Console, files, "reload@"+host, "reloaded ("+why+")", a.cfg.FlowsDir, &out)
	switch {
	case errors.Is(err, errNotAudited):
		log.Error("flows reloaded and published, but the audit log does not record it", "error", err)
	case err != nil:
		log.Error("flows reload not published; the running flows stay", "error", err)
		return last
	}
	if err := a.watcher.Check(ctx); err != nil {
		log.Warn("published; this server swaps at its next poll", "error", err)
	}
	log.Info("flows reloaded", "result", strings.TrimSpace(out.String()), "version", a.live.Version())
	return files
}

// failures drops the passing transcript tests from a gate's report.
func failures(report string) string {
	var out []string
	for _, line := range strings.Split(report, "\n") {
		if !strings.HasPrefix(line, "ok ") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// firstLines keeps the first n lines of a lint report for a log line.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, " | ")
}
