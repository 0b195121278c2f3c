package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/spool"
	"github.com/nhttf/frontdoor/integrations/web"
)

// wire builds the front door on the opened store. Each step returns ready parts built from the
// parts it is given: the staff desk before the bot, whose turns it joins; the bot before the
// senders, which check its opt-outs; the senders before the Slack desk, which sends replies.
func (a *app) wire(users []console.User) error {
	var err error
	if a.dir, err = openDirectory(a.cfg); err != nil {
		return err
	}
	builder := a.engineBuilder()
	var flowsFrom string
	if a.live, flowsFrom, err = a.openFlows(builder); err != nil {
		return err
	}
	var routes bot.Partners
	if a.partners, routes, err = a.openPartners(); err != nil {
		return err
	}
	box, err := a.openMailbox()
	if err != nil {
		return fmt.Errorf("web chat: %w", err)
	}
	staff, err := a.newStaffDesk(box, routes)
	if err != nil {
		return err
	}
	if a.spool, err = a.openSpool(); err != nil {
		return fmt.Errorf("FRONTDOOR_SPOOL_DIR: %w", err)
	}
	a.bot = a.newBot(staff, routes, a.spool)
	if a.sender, err = a.newSender(a.bot, box); err != nil {
		return err
	}
	if a.desk, err = a.newSlackDesk(staff, a.bot, a.sender); err != nil {
		return err
	}
	return a.wireServer(users, builder, box, flowsFrom)
}

// wireServer builds what runs beside the bot (the flow watcher, the outbox worker, the tip
// janitor) and the web server in front of it.
func (a *app) wireServer(users []console.User, builder engineBuilder, box bot.Mailbox, flowsFrom string) error {
	chat, err := a.newWebChat(a.bot, box)
	if err != nil {
		return fmt.Errorf("web chat: %w", err)
	}
	a.watcher = &bot.FlowWatcher{Store: a.back.Console, Live: a.live, Build: a.checkedBuild(builder), Every: a.cfg.FlowPoll, Log: a.log.With("comp", "flows")}
	a.worker = a.newWorker()
	a.janitor = &bot.TipJanitor{Tips: a.back.Tips, Leases: a.back.Leases, Clock: a.clock, Retention: a.cfg.TipRetention, Log: a.log.With("comp", "tips")}
	a.metrics.RegisterOutbox(web.OutboxSource{Stats: a.back.Outbox.OutboxStats, Worker: a.worker.Stats, Now: time.Now})
	con, err := a.newConsole(users, a.back.Console, a.watcher)
	if err != nil {
		return err
	}
	deps := a.webDeps()
	deps.Bot, deps.Console = boardHandler{Bot: a.bot, board: a.back.Console, loc: a.cfg.Location, log: a.log.With("comp", "board")}, con
	if chat != nil {
		deps.WebChat = chat
	}
	if a.server, err = web.New(a.webConfig(), deps); err != nil {
		return err
	}
	a.log.Info("flows loaded", "from", flowsFrom, "version", a.live.Version(), "languages", strings.Join(a.live.Engine().Flows().Languages, ","))
	return nil
}

// engineBuilder is how engines are built from flow files, at start and after a publish.
func (a *app) engineBuilder() engineBuilder {
	b := engineBuilder{msgs: bot.NewMessages(a.cfg.Program), ids: a.ids, noDesk: a.cfg.hotlineOnly(), dir: a.dir}
	if !a.cfg.repliesOnWhatsApp() {
		b.noReplyOn = []bot.Channel{bot.ChannelWhatsApp}
		a.log.Warn("no WhatsApp sender (TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID): WhatsApp texters get the flows' answers, but a handoff gives them 911 and the hotline, since staff could not reply")
	}
	return b
}

// openFlows returns the engine holder on the live flows and where the files came from, and
// refuses flows that hand off to staff without a desk (checkDesk).
func (a *app) openFlows(builder engineBuilder) (*bot.LiveEngine, string, error) {
	fsys, name := flowsFolder("", environment(func(string) string { return a.cfg.FlowsDir }))
	live, err := liveFlows(context.Background(), a.back.Console, fsys, name, builder,
		func() bot.FlowVersion { return bot.FlowVersion{Published: a.clock.Now()} }, a.log)
	if err != nil {
		return nil, "", err
	}
	if err := checkDesk(a.cfg, live.Engine().Flows(), a.log); err != nil {
		return nil, "", err
	}
	return live, name, nil
}

// newBot returns the bot: the live flows on the store, the desk's turns (staff nil: none), the
// rate limit, the spool (nil: none) and the store's backlog, and the partners' routes (nil: none).
func (a *app) newBot(staff *bot.Desk, routes bot.Partners, sp *spool.Dir) *bot.Bot {
	var turns bot.TurnHook // a nil *bot.Desk is not a nil TurnHook
	if staff != nil {
		turns = staff
	}
	var kept bot.Spool
	if sp != nil {
		kept = sp
	}
	return &bot.Bot{Engine: a.live.Engine(), Live: a.live, Store: a.back.Store, Tips: a.back.Tips, Stats: a.back.Stats,
		SendGate: a.back.SendGate, Keys: a.keys, Clock: a.clock, IDs: a.ids, Log: a.log.With("comp", "bot"),
		Limit: a.cfg.RateLimit, Limiter: a.back.Counter, Spool: kept, Backlog: a.back.Backlog, Turns: turns, Partners: routes}
}

// newWorker returns the outbox worker, applying effects through applier.
func (a *app) newWorker() *bot.Worker {
	return &bot.Worker{Outbox: a.back.Outbox, Applier: bot.BoardApplier{Next: bot.CloseRecorder{Next: a.applier(), Log: a.back.Closes}, Board: a.back.Console},
		Clock: a.clock, Consumer: consumerName(), Log: a.log.With("comp", "worker"), MinIdle: a.cfg.OutboxMinIdle,
		ApplyTimeout: a.cfg.OutboxMinIdle / 3, Target: effectTarget,
		MaxAges: map[bot.EffectKind]time.Duration{bot.TipSubmitted: a.cfg.TipRetention, bot.TipAdded: a.cfg.TipRetention,
			bot.PartnerWebhook: a.cfg.TipRetention}}
}
