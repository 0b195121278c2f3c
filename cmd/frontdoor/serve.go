package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/spool"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/web"
	"github.com/nhttf/frontdoor/integrations/webhook"
)

// runServe runs the front door until ctx ends (SIGINT or SIGTERM), then drains.
func runServe(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	dev := fl.Bool("dev", false, "try the product: loopback, in-memory store, no credentials, NO signature checks")
	addr := fl.String("addr", "", "listen address (overrides FRONTDOOR_ADDR)")
	if err := noArgs(fl, args, stdout); err != nil {
		return err
	}
	cfg, probs := loadConfig(env, *dev, *addr)
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stderr, "frontdoor serve:", p)
		}
		return exitError{code: 2, msg: "not started: fix the configuration above"}
	}
	log := web.NewLogger(stderr, cfg.LogLevel)
	a, err := newApp(cfg, log)
	if ee := (exitError{}); errors.As(err, &ee) {
		return ee
	}
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("cannot listen on %s: %v", cfg.Addr, err)}
	}
	log.Info("listening", "addr", ln.Addr().String(), "dev", cfg.Dev, "public_url", cfg.PublicURL)
	return a.serve(ctx, ln)
}

// app is a wired front door.
type app struct {
	cfg     Config
	log     *slog.Logger
	bot     *bot.Bot
	back    *backend
	server  *web.Server
	metrics *web.Metrics
	// sender sends staff replies (bot.GuardedSender over Twilio REST); nil without Twilio
	// credentials.
	sender bot.Sender
	// chatBox is the web chat's mailbox; nil while the web chat is off
	chatBox bot.Mailbox
	worker  *bot.Worker // applies committed effects
	// watcher swaps in the flows version published in the store (the console, flows publish).
	watcher *bot.FlowWatcher
	live    *bot.LiveEngine // the engine in use, swapped by the watcher
	keys    *bot.Keys
	spool   *spool.Dir      // nil without FRONTDOOR_SPOOL_DIR
	desk    *desk           // the Slack staff desk; nil without SLACK_BOT_TOKEN (desk.go)
	janitor *bot.TipJanitor // purges tips past FRONTDOOR_TIP_RETENTION once a day
	// partners delivers partner webhooks (webhooks.go); with no FRONTDOOR_WEBHOOKS it refuses
	// any left in the outbox, which dead-letters them.
	partners *webhook.Sender
}

// newApp wires the parts; nothing listens yet.
func newApp(cfg Config, log *slog.Logger) (*app, error) {
	if cfg.Dev {
		announceDev(cfg, log)
	}
	fsys, name := flowsFolder("", environment(func(string) string { return cfg.FlowsDir }))
	keys, err := bot.NewKeys([]byte(cfg.Secret))
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_SECRET: %w", err)
	}
	clock, ids := bot.ClockFunc(time.Now), bot.NewRandomIDs(nil)
	if cfg.Dev {
		cfg.RedisURL = ""
	}
	users, err := consoleUsers(cfg, log)
	if err != nil {
		return nil, err
	}
	back, err := openStore(context.Background(), cfg, keys, clock, log)
	if err != nil {
		return nil, err
	}
	if back.InMemory && !cfg.Dev {
		log.Warn("REDIS_URL is not set: using the IN-MEMORY store; sessions, opt-outs and tips are lost on restart and not shared between replicas")
	}
	builder := engineBuilder{msgs: bot.NewMessages(cfg.Program), ids: ids, noDesk: cfg.hotlineOnly()}
	if !cfg.repliesOnWhatsApp() {
		builder.noReplyOn = []bot.Channel{bot.ChannelWhatsApp}
		log.Warn("no WhatsApp sender (TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID): WhatsApp texters get the flows' answers, but a handoff gives them 911 and the hotline, since staff could not reply")
	}
	live, err := liveFlows(context.Background(), back.Console, fsys, name, builder,
		func() bot.FlowVersion { return bot.FlowVersion{Published: clock.Now()} }, log)
	if err != nil {
		back.Close()
		return nil, err
	}
	if err := checkDesk(cfg, live.Engine().Flows(), log); err != nil {
		back.Close()
		return nil, err
	}
	a := &app{cfg: cfg, log: log, back: back, metrics: web.NewMetrics(), keys: keys, live: live}
	a.bot = &bot.Bot{Engine: live.Engine(), Live: live, Store: back.Store, Keys: keys,
		Clock: clock, IDs: ids, Log: log.With("comp", "bot"), Limit: cfg.RateLimit, Limiter: back.Counter}
	a.watcher = &bot.FlowWatcher{Store: back.Console, Live: live, Build: a.checkedBuild(builder), Every: cfg.FlowPoll, Log: log.With("comp", "flows")}
	if err := a.wireSender(); err != nil {
		return nil, err
	}
	chat, err := a.wireWebChat()
	if err != nil {
		return nil, fmt.Errorf("web chat: %w", err)
	}
	if err := a.openSpool(); err != nil {
		return nil, fmt.Errorf("FRONTDOOR_SPOOL_DIR: %w", err)
	}
	if err := a.wireDesk(live.Engine().Flows()); err != nil {
		back.Close()
		return nil, err
	}
	if a.bot.Desk != nil && a.chatBox != nil { // staff read that a visitor left rather than write to a closed page
		a.bot.Desk.Present = a.chatBox.Present
	}
	if err := a.wirePartners(); err != nil {
		back.Close()
		return nil, err
	}
	a.worker = &bot.Worker{Outbox: back.Outbox, Applier: bot.BoardApplier{Next: a.applier(), Board: back.Console}, Clock: clock, Consumer: consumerName(),
		Log: log.With("comp", "worker"), MinIdle: cfg.OutboxMinIdle, ApplyTimeout: cfg.OutboxMinIdle / 3, Target: effectTarget,
		MaxAges: map[bot.EffectKind]time.Duration{bot.TipSubmitted: cfg.TipRetention, bot.TipAdded: cfg.TipRetention,
			bot.PartnerWebhook: cfg.TipRetention}}
	a.janitor = &bot.TipJanitor{Tips: back.Tips, Leases: back.Desk, Clock: clock, Retention: cfg.TipRetention, Log: log.With("comp", "tips")}
	a.metrics.RegisterOutbox(web.OutboxSource{Stats: back.Outbox.OutboxStats, Worker: a.worker.Stats, Now: time.Now})
	con, err := a.newConsole(users, back.Console, a.watcher)
	if err != nil {
		return nil, err
	}
	deps := a.webDeps()
	deps.Bot, deps.Console = boardHandler{Bot: a.bot, board: back.Console, loc: cfg.Location, log: log.With("comp", "board")}, con
	if chat != nil {
		deps.WebChat = chat
	}
	a.server, err = web.New(a.webConfig(), deps)
	if err != nil {
		return nil, err
	}
	log.Info("flows loaded", "from", name, "version", live.Version(), "languages", strings.Join(live.Engine().Flows().Languages, ","))
	return a, nil
}

func (a *app) webConfig() web.Config {
	return web.Config{PublicURL: a.cfg.PublicURL, TwilioToken: a.cfg.TwilioAuthToken, Insecure: a.cfg.Dev,
		TwilioPreviousToken: a.cfg.TwilioPreviousToken, PreviousUntil: a.cfg.PreviousUntil,
		SlackSecrets: a.cfg.slackSecrets(), SlackPreviousSecret: a.cfg.SlackPreviousSecret,
		DrainDelay: a.cfg.DrainDelay}
}

func (a *app) webDeps() web.Deps {
	deps := web.Deps{Bot: a.bot, Deliveries: a.back.Deliveries, Metrics: a.metrics, Log: a.log, OnUndelivered: a.onUndelivered,
		Checks: []web.Check{
			{Name: "store", Fn: a.back.Store.Ping},
			{Name: "flows", Fn: func(context.Context) error {
				if a.bot.CurrentEngine() == nil {
					return errors.New("no flows loaded")
				}
				return nil
			}},
		},
	}
	if in := a.slackInbox(); in != nil {
		deps.Slack = in
	}
	return deps
}

// consumerName names this process among the outbox consumers: host, pid and a random part.
func consumerName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), randomHex(3))
}

// wireSender builds the REST sender when Twilio credentials are set.
func (a *app) wireSender() error {
	if !a.cfg.senderConfigured() {
		if !a.cfg.Dev {
			a.log.Warn("TWILIO_ACCOUNT_SID and TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID or TWILIO_WHATSAPP_FROM are not set: staff replies cannot be sent")
		}
		return nil
	}
	s, err := twilio.NewSender(twilio.SenderConfig{AccountSID: a.cfg.TwilioAccountSID, AuthToken: a.cfg.TwilioAuthToken,
		From: a.cfg.TwilioFrom, MessagingServiceSID: a.cfg.TwilioMessagingService, WhatsAppFrom: a.cfg.TwilioWhatsAppFrom,
		APIURL: a.cfg.TwilioAPIURL, StatusCallback: a.cfg.PublicURL + "/twilio/status", Log: a.log,
		Gate: func(ctx context.Context, to string) (func(), error) {
			return a.bot.BeginSend(ctx, bot.ChannelOf(to), to)
		}})
	if err != nil {
		return fmt.Errorf("twilio: %w", err)
	}
	a.sender = bot.GuardedSender{Bot: a.bot, Sender: s}
	return nil
}

// serve runs the server, the outbox worker and the store's upkeep until ctx ends. The worker
// stops after the server has drained, so effects committed by the last requests are applied or
// left claimable for the other replicas; then the store closes.
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	background, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	if a.back.Run != nil {
		wg.Go(func() { a.back.Run(background) })
	}
	wg.Go(func() { a.watcher.Run(background) })
	wg.Go(func() { a.watchFlowFiles(background) })
	wg.Go(func() { a.watchRoster(background) })
	wg.Go(func() { a.runBacklog(background) })
	wg.Go(func() { a.janitor.Run(background) })
	wg.Go(func() {
		if err := a.worker.Run(background); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Error("the outbox worker stopped", "error", err)
		}
	})
	a.runDesk(background, &wg)
	err := a.server.Serve(ctx, ln)
	stop()
	wg.Wait()
	if a.desk != nil {
		a.desk.inbox.Wait() // notices shown to staff at once, started by the last requests
	}
	if cerr := a.back.Close(); cerr != nil {
		a.log.Warn("closing the store", "error", cerr)
	}
	return err
}

// announceDev says loudly what --dev means.
func announceDev(cfg Config, log *slog.Logger) {
	if cfg.RedisURL != "" {
		log.Warn("--dev ignores REDIS_URL: the in-memory store is used")
	}
	log.Warn("DEV MODE: Twilio signature checks are OFF; anyone who can reach this port can pose as Twilio. In-memory store, loopback only. Never use --dev in production.")
	if cfg.SlackBotToken == "" && cfg.NoDesk == "" {
		log.Warn("DEV MODE: no staff desk: handoffs and tips are printed to this log with the answers and texts staff would read (an alias, never a number); nobody is told")
	}
}
