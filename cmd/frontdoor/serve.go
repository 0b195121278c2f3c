package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/integrations/spool"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/web"
	"github.com/nhttf/frontdoor/integrations/webchat"
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
	clock  bot.Clock
	ids    bot.IDs
	worker *bot.Worker // applies committed effects
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
	dir      *directory.Directory // the partner directory (FRONTDOOR_DIRECTORY); nil without one
}

// newApp wires the parts; nothing listens yet. When a step fails, the store it opened is closed.
func newApp(cfg Config, log *slog.Logger) (*app, error) {
	if cfg.Dev {
		announceDev(cfg, log)
		cfg.RedisURL = ""
	}
	keys, err := bot.NewKeys([]byte(cfg.Secret))
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_SECRET: %w", err)
	}
	users, err := consoleUsers(cfg, log)
	if err != nil {
		return nil, err
	}
	clock := bot.ClockFunc(time.Now)
	back, err := openStore(context.Background(), cfg, keys, clock, log)
	if err != nil {
		return nil, err
	}
	if back.InMemory && !cfg.Dev {
		log.Warn("REDIS_URL is not set: using the IN-MEMORY store; sessions, opt-outs and tips are lost on restart and not shared between replicas")
	}
	a := &app{cfg: cfg, log: log, back: back, keys: keys, clock: clock, ids: bot.NewRandomIDs(nil), metrics: web.NewMetrics()}
	if err := a.wire(users); err != nil {
		back.Close()
		return nil, err
	}
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

// newSender returns what sends staff replies: the REST sender when Twilio credentials are set
// (nil otherwise), beside the web chat's mailbox when the chat is on (box not nil).
func (a *app) newSender(b *bot.Bot, box bot.Mailbox) (bot.Sender, error) {
	var provider bot.Sender
	if !a.cfg.senderConfigured() {
		if !a.cfg.Dev {
			a.log.Warn("TWILIO_ACCOUNT_SID and TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID or TWILIO_WHATSAPP_FROM are not set: staff replies cannot be sent")
		}
	} else {
		s, err := twilio.NewSender(twilio.SenderConfig{AccountSID: a.cfg.TwilioAccountSID, AuthToken: a.cfg.TwilioAuthToken,
			From: a.cfg.TwilioFrom, MessagingServiceSID: a.cfg.TwilioMessagingService, WhatsAppFrom: a.cfg.TwilioWhatsAppFrom,
			APIURL: a.cfg.TwilioAPIURL, StatusCallback: a.cfg.PublicURL + "/twilio/status", Log: a.log,
			Gate: func(ctx context.Context, to string) (func(), error) {
				return b.BeginSend(ctx, bot.ChannelOf(to), to)
			}})
		if err != nil {
			return nil, fmt.Errorf("twilio: %w", err)
		}
		provider = bot.GuardedSender{OptOuts: b, Sender: s, Log: b.Log}
	}
	if box == nil {
		return provider, nil
	}
	web := bot.GuardedSender{OptOuts: b, Sender: webchat.Sender{Keys: a.keys, Mailbox: box}, Log: b.Log}
	return channelSender{web: web, provider: provider}, nil
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
