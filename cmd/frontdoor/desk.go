package main

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	slackgo "github.com/slack-go/slack"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

// desk is the Slack staff desk, wired when SLACK_BOT_TOKEN is set.
type desk struct {
	desk       *bot.Desk
	api        *slackgo.Client
	inbox      *slack.Inbox
	slack      *slack.Applier
	sms        *bot.SMSApplier
	escalator  *bot.Escalator
	reconciler *slack.Reconciler
	socketMode bool
}

// newStaffDesk reads the roster and builds the staff desk; nil without SLACK_BOT_TOKEN. serve
// refuses to start when the roster has errors or lacks a queue the flows hand off to: a texter
// would be handed to nobody. box (nil without the web chat) tells the desk whether a visitor's
// page is open, so staff read that a visitor left rather than write to a closed page.
func (a *app) newStaffDesk(box bot.Mailbox, routes bot.Partners) (*bot.Desk, error) {
	if a.cfg.SlackBotToken == "" {
		return nil, nil
	}
	ro, probs := loadRoster(a.cfg.Oncall)
	if ro != nil {
		probs = append(probs, ro.CheckQueues(handoffQueues(a.live.Engine().Flows()))...)
	}
	if len(probs.Errors()) > 0 || ro == nil {
		return nil, fmt.Errorf("FRONTDOOR_ONCALL: the roster has errors; run frontdoor roster lint:\n%s", probs.Error())
	}
	cfg := bot.DeskConfig{Sessions: a.back.Store, Desk: a.back.Desk, Tips: a.back.Tips, Live: a.live, Clock: a.clock,
		Log: a.log.With("comp", "bot"), Roster: ro, Directory: a.dir, Partners: routes}
	if box != nil {
		cfg.Present = box.Present
	}
	return bot.NewDesk(cfg), nil
}

// newSlackDesk connects the staff desk to Slack: its applier, the SMS applier of staff replies
// through sender, the inbox of events and commands (the flows run by b), the escalator and the
// reconciler. nil without the desk.
func (a *app) newSlackDesk(d *bot.Desk, b *bot.Bot, sender bot.Sender) (*desk, error) {
	if d == nil {
		return nil, nil
	}
	api, err := slack.NewClient(slack.ClientConfig{BotToken: a.cfg.SlackBotToken, AppToken: a.cfg.SlackAppToken, APIURL: a.cfg.SlackAPIURL})
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	log := a.log.With("comp", "desk")
	applier := &slack.Applier{API: api, Desk: d, Tips: a.back.Tips, Log: log}
	sd := &desk{desk: d, api: api, slack: applier, socketMode: a.cfg.SlackAppToken != "",
		sms:        &bot.SMSApplier{Desk: d, Sender: sender},
		inbox:      &slack.Inbox{Desk: d, Flows: b, Direct: applier, Log: log},
		escalator:  &bot.Escalator{Desk: d},
		reconciler: &slack.Reconciler{API: api, Desk: d, Log: log}}
	mode := "http"
	if sd.socketMode {
		mode = "socket"
	}
	log.Info("slack desk ready", "roster", a.cfg.Oncall, "queues", len(d.Roster.Queues), "mode", mode)
	return sd, nil
}

// currentRoster is the roster in use; nil without the desk (handoffs then go to the log).
func (a *app) currentRoster() *roster.Roster {
	if a.desk == nil {
		return nil
	}
	return a.desk.desk.CurrentRoster()
}

// rosterProblems lists the queues the flows hand off to that the roster in use lacks.
func (a *app) rosterProblems(set *flows.Set) flows.Problems {
	ro := a.currentRoster()
	if ro == nil {
		return nil
	}
	return ro.CheckQueues(handoffQueues(set))
}

// route names the queue the roster in use routes a texter to; "" without the desk.
func (a *app) route(lang string, answers map[string]string) string {
	ro := a.currentRoster()
	if ro == nil {
		return ""
	}
	return ro.Route(bot.RouteTexter(lang, answers))
}

// applier applies effects: through the desk (Slack, and SMS for staff replies and notices) when
// Slack is configured, tips included (the roster's tips channel); otherwise to the log, as serve
// --dev does.
func (a *app) applier() bot.Applier {
	logs := logApplier{log: a.log.With("comp", "effects"), content: a.cfg.Dev}
	if a.desk == nil {
		return bot.Appliers{Default: logs, ByKind: map[bot.EffectKind]bot.Applier{bot.LateReply: a.lateReplies(), bot.PartnerWebhook: a.partners}}
	}
	return bot.Appliers{Default: a.desk.slack, ByKind: map[bot.EffectKind]bot.Applier{
		bot.StaffReply: a.desk.sms, bot.TexterNotice: a.desk.sms, bot.LateReply: a.lateReplies(), bot.PartnerWebhook: a.partners}}
}

// effectTarget is the far end an effect reaches, as applier routes it: the outbox worker tries
// again at once the effects that waited for a far end that answers again.
func effectTarget(k bot.EffectKind) string {
	switch k {
	case bot.StaffReply, bot.TexterNotice, bot.LateReply:
		return "sms"
	case bot.PartnerWebhook:
		return "webhook"
	}
	return "slack"
}

// slackInbox is what the HTTP routes hand Slack's requests to: none in Socket Mode.
func (a *app) slackInbox() *slack.Inbox {
	if a.desk == nil || a.desk.socketMode {
		return nil
	}
	return a.desk.inbox
}

// onUndelivered tells the thread when Twilio reports a staff reply undelivered, and records the
// opt-out when Twilio says the texter opted out with it (21610). An error makes the status
// callback answer 500, so that it can come again.
func (a *app) onUndelivered(ctx context.Context, st twilio.Status) error {
	if a.desk == nil {
		if st.OptedOut() {
			a.log.Warn("twilio reports an opted-out recipient, but without the desk the SMS cannot be traced to a texter", "sid", st.MessageSid)
		}
		return nil
	}
	if err := a.desk.desk.Undelivered(ctx, st.MessageSid, st.ErrorCode, st.OptedOut()); err != nil {
		a.log.Error("could not tell staff about an undelivered reply", "sid", st.MessageSid, "error", err)
		return err
	}
	return nil
}

// runDesk runs the escalation timers, the reconciler and Socket Mode until ctx ends.
func (a *app) runDesk(ctx context.Context, wg *sync.WaitGroup) {
	if a.desk == nil {
		return
	}
	wg.Go(func() { a.desk.escalator.Run(ctx) })
	wg.Go(func() { a.desk.reconciler.Run(ctx) })
	if a.desk.socketMode {
		wg.Go(func() {
			if err := slack.RunSocketMode(ctx, a.desk.api, a.desk.inbox, a.log.With("comp", "slack")); err != nil && ctx.Err() == nil {
				a.log.Error("slack socket mode stopped", "error", err)
			}
		})
	}
}

// hotlineOnly reports whether handoffs answer with 911 and the hotline: no desk, and not the
// --dev tryout (which logs handoffs as if staff were told) unless FRONTDOOR_NO_DESK asks.
func (c *Config) hotlineOnly() bool {
	return c.SlackBotToken == "" && (!c.Dev || c.NoDesk == noDeskHotline)
}

// checkDesk refuses to run flows that hand off to staff when there is no desk to hand off to,
// unless FRONTDOOR_NO_DESK=hotline says so; then, and whenever there is no desk, it says in one
// log line what a texter who asks for a person gets.
func checkDesk(cfg Config, set *flows.Set, log *slog.Logger) error {
	if cfg.SlackBotToken != "" || cfg.Dev {
		return nil
	}
	queues := handoffQueues(set)
	if len(queues) > 0 && cfg.NoDesk == "" {
		var where []string
		for _, w := range queues {
			where = append(where, w)
		}
		sort.Strings(where)
		return exitError{code: 2, msg: fmt.Sprintf("not started: the flows hand off to staff (%s) but no staff desk is set up, so a texter would wait for nobody. "+
			"Set SLACK_BOT_TOKEN and FRONTDOOR_ONCALL for the Slack desk, or FRONTDOOR_NO_DESK=%s to answer handoffs with 911 and the hotline", strings.Join(where, "; "), noDeskHotline)}
	}
	log.Warn("no staff desk (SLACK_BOT_TOKEN is not set): a texter who asks for a person is given 911 and the National Human Trafficking Hotline; tips are kept in the store, not posted",
		"handoff_states", len(queues), "FRONTDOOR_NO_DESK", cfg.NoDesk)
	return nil
}
