package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// engineBuilder makes engines from flow files: the same checks as `frontdoor flows lint`.
type engineBuilder struct {
	msgs bot.Messages
	ids  bot.IDs
	// noDesk builds engines for a front door without a staff desk (bot.Engine.WithoutDesk).
	noDesk bool
	// noReplyOn are channels with no sender: handoffs there answer with the hotline
	// (bot.Engine.WithoutRepliesOn).
	noReplyOn []bot.Channel
}

func (b engineBuilder) build(files bot.FlowFiles) (*bot.Engine, error) {
	set, probs := loadFlows(flows.FilesFS(files))
	if set == nil {
		return nil, fmt.Errorf("the flows have errors:\n%s", probs.Error())
	}
	e := bot.NewEngine(set, b.msgs, b.ids)
	if b.noDesk {
		e = e.WithoutDesk()
	}
	for _, ch := range b.noReplyOn {
		e = e.WithoutRepliesOn(ch)
	}
	return e, nil
}

// checkedBuild is the watcher's engine builder: a version published elsewhere (another replica's
// console, flows publish without FRONTDOOR_ONCALL) that hands off to a queue this roster lacks
// still runs, as every replica must run the live version, but each such line is logged as an
// error: those texters get the hotline at once instead of staff (bot.Desk).
func (a *app) checkedBuild(b engineBuilder) func(bot.FlowFiles) (*bot.Engine, error) {
	return func(files bot.FlowFiles) (*bot.Engine, error) {
		e, err := b.build(files)
		if err != nil {
			return nil, err
		}
		for _, p := range a.rosterProblems(e.Flows()) {
			a.log.Error("the published flows hand off to a queue the on-call roster does not have; those texters get the hotline instead of staff",
				"comp", "flows", "problem", p.String())
		}
		return e, nil
	}
}

// liveFlows seeds the store with the flow files when it holds no version yet, then returns an
// engine holder on the live version. When the live version does not load on this binary (a
// keyword it reserves now, say), the files are used instead and the error is logged loudly;
// the watcher swaps in the next version that loads.
func liveFlows(ctx context.Context, store bot.FlowStore, fsys fs.FS, name string, b engineBuilder, now func() bot.FlowVersion, log *slog.Logger) (*bot.LiveEngine, error) {
	files, err := flows.ReadFiles(fsys)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	fromFiles, err := b.build(files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; run frontdoor flows lint", name, err)
	}
	seed := now()
	n, seeded, err := bot.SeedFlows(ctx, store, files, "seeded from "+name, seed.Published)
	if err != nil {
		return nil, err
	}
	if seeded {
		log.Info("the store had no flows: published these as version 1", "from", name)
		return bot.NewLiveEngine(fromFiles, n), nil
	}
	v, err := store.FlowVersion(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("reading the live flows version %d: %w", n, err)
	}
	e, err := b.build(v.Files)
	if err != nil {
		log.Error("the live flows version does not load on this server: running the flow files instead until a version that loads is published",
			"version", n, "files", name, "error", err)
		return bot.NewLiveEngine(fromFiles, 0), nil
	}
	log.Info("running the live flows version from the store (flow files only seed an empty store; publish files with frontdoor flows publish)",
		"version", n, "author", v.Author)
	return bot.NewLiveEngine(e, n), nil
}
