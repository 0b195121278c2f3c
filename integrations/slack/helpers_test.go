package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	slackgo "github.com/slack-go/slack"
)

const (
	canary    = "+15550142424"
	channel   = "C0NATION01"
	owner     = "U0STAFF001"
	colleague = "U0STAFF002"
)

// monday 09:30 UTC is within the national queue's shift; sunday outside every shift.
var (
	monday = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	sunday = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
)

// rig is the desk end to end but for HTTP: the built-in flows on the memory store, the desk, the
// fake Slack, the applier and the worker, and a fake SMS sender.
type rig struct {
	t      *testing.T
	ctx    context.Context
	clock  *bottest.Clock
	store  *memory.Store
	bot    *bot.Bot
	desk   *bot.Desk
	fake   *slackfake.Server
	inbox  *slack.Inbox
	worker *bot.Worker
	sms    *smsRecorder
	logs   *bottest.LogBuffer
	n      int
}

// smsRecorder is a bot.Sender that records what it sends.
type smsRecorder struct {
	mu   sync.Mutex
	sent []string // "to|body"
}

func (s *smsRecorder) Send(_ context.Context, to, body, _ string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, to+"|"+body)
	return fmt.Sprintf("SM%032d", len(s.sent)), nil
}

func (s *smsRecorder) bodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, x := range s.sent {
		_, body, _ := strings.Cut(x, "|")
		out = append(out, body)
	}
	return out
}

func newRig(t *testing.T, at time.Time) *rig {
	t.Helper()
	r := &rig{t: t, ctx: context.Background(), clock: bottest.NewClock(at), fake: slackfake.New(), sms: &smsRecorder{}, logs: &bottest.LogBuffer{}}
	t.Cleanup(r.fake.Close)
	r.fake.Now = r.clock.Now
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	keys, err := bot.NewKeys(bottest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	r.store = memory.New(r.clock)
	r.store.ObserveEffects(bottest.CheckEffects(t))
	r.wire(keys, r.store)
	return r
}

// wire builds the bot, the desk, the inbox and the worker over the rig's memory store, with the
// texters' sessions loaded and committed through sessions (r.store, or a wrapper of it).
func (r *rig) wire(keys *bot.Keys, sessions bot.Store) {
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r.bot, r.desk = storetest.NewRig(r.t, storetest.Rig{Store: sessions, DeskStore: r.store, Keys: keys, Clock: r.clock,
		Program: "Frontdoor", Lang: "en", Log: log, Desk: true})
	api, err := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, APIURL: r.fake.APIURL(), Transport: slackfake.LoopbackOnly{}})
	if err != nil {
		r.t.Fatal(err)
	}
	applier := &slack.Applier{API: api, Desk: r.desk, Tips: r.store, Log: log}
	sms := &bot.SMSApplier{Desk: r.desk, Sender: r.sms}
	r.inbox = &slack.Inbox{Desk: r.desk, Flows: r.bot, Direct: applier, Log: log}
	r.worker = &bot.Worker{Outbox: r.store, Clock: r.clock, Consumer: "w1", Log: log, Random: func() float64 { return 0.5 },
		Applier: bot.Appliers{ByKind: map[bot.EffectKind]bot.Applier{bot.StaffReply: sms, bot.TexterNotice: sms}, Default: applier}}
}

func (r *rig) api() *slackgo.Client {
	api, _ := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, APIURL: r.fake.APIURL(), Transport: slackfake.LoopbackOnly{}})
	return api
}

// text is an SMS from the canary texter.
func (r *rig) text(body string) bot.Outcome {
	r.t.Helper()
	return r.textFrom(canary, body)
}

// textFrom is an SMS from number.
func (r *rig) textFrom(number, body string) bot.Outcome {
	r.t.Helper()
	r.n++
	out := r.bot.Handle(r.ctx, bot.Inbound{ID: fmt.Sprintf("SM%04d", r.n), From: number, Body: body})
	if out.FailSafe {
		r.t.Fatalf("%q got the fail-safe reply", body)
	}
	return out
}

// work lets the worker apply everything due now.
func (r *rig) work() {
	r.t.Helper()
	for range 20 {
		n, err := r.worker.Poll(r.ctx)
		if err != nil {
			r.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	r.t.Fatal("the outbox did not settle")
}

// handoff walks the texter to staff and returns the post's thread.
func (r *rig) handoff() bot.Thread {
	r.t.Helper()
	for _, b := range []string{"hi", "3", "1", "4", "skip"} {
		r.text(b)
	}
	r.work()
	posts := r.fake.Messages(channel)
	if len(posts) != 1 {
		r.t.Fatalf("%d posts in the queue's channel, want 1", len(posts))
	}
	return bot.Thread{Channel: channel, TS: posts[0].TS}
}

// fixture renders a testdata template.
func (r *rig) fixture(name string, data map[string]any) []byte {
	r.t.Helper()
	tpl := template.Must(template.New(filepath.Base(name)).Funcs(template.FuncMap{"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}}).ParseFiles(filepath.Join("testdata", name)))
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		r.t.Fatal(err)
	}
	return b.Bytes()
}

// staff writes text in the thread (stored by the fake as Slack would) and delivers its event.
func (r *rig) staff(th bot.Thread, user, text string) string {
	r.t.Helper()
	ts := r.fake.AddUserMessage(th.Channel, th.TS, user, text)
	r.event("events/thread_reply.json", map[string]any{"EventID": "Ev" + ts, "Channel": th.Channel, "User": user,
		"Text": text, "TS": ts, "ThreadTS": th.TS})
	return ts
}

func (r *rig) event(name string, data map[string]any) []byte {
	r.t.Helper()
	out, err := r.inbox.Event(r.ctx, r.fixture(name, data))
	if err != nil {
		r.t.Fatalf("%s: %v", name, err)
	}
	return out
}

// press presses a button (on the post when value has no thread ts).
func (r *rig) press(th bot.Thread, user, actionID, value string) {
	r.t.Helper()
	r.n++
	payload := r.fixture("interactions/button.json", map[string]any{"EventID": fmt.Sprintf("trig%d", r.n), "User": user,
		"TS": th.TS, "Channel": th.Channel, "Ephemeral": "false", "ActionID": actionID, "BlockID": "fd_handoff",
		"Value": value, "ActionTS": fmt.Sprintf("%d.%06d", r.clock.Now().Unix(), r.n)})
	if err := r.inbox.Interaction(r.ctx, payload); err != nil {
		r.t.Fatal(err)
	}
}

// closeWith picks outcome in the outcome menu Close showed user (an ephemeral message).
func (r *rig) closeWith(th bot.Thread, user, outcome string) {
	r.t.Helper()
	r.n++
	payload := r.fixture("interactions/outcome.json", map[string]any{"EventID": fmt.Sprintf("trig%d", r.n), "User": user,
		"TS": th.TS, "Channel": th.Channel, "EphemeralTS": fmt.Sprintf("%d.%06d", r.clock.Now().Unix(), 900000+r.n),
		"Outcome": outcome, "ActionTS": fmt.Sprintf("%d.%06d", r.clock.Now().Unix(), r.n)})
	if err := r.inbox.Interaction(r.ctx, payload); err != nil {
		r.t.Fatal(err)
	}
}

// reactions returns the reaction names on a message.
func (r *rig) reactions(ts string) []string {
	var out []string
	for _, x := range r.fake.Reactions() {
		if x.TS == ts {
			out = append(out, x.Name)
		}
	}
	return out
}

// threadTexts returns the texts of the thread's replies.
func (r *rig) threadTexts(th bot.Thread) string {
	var out []string
	for _, m := range r.fake.Thread(th.Channel, th.TS) {
		out = append(out, m.Text)
	}
	return strings.Join(out, "\n")
}

// post returns the handoff post as it is now.
func (r *rig) post(th bot.Thread) slackfake.Message {
	r.t.Helper()
	for _, m := range r.fake.Messages(th.Channel) {
		if m.TS == th.TS {
			return m
		}
	}
	r.t.Fatal("no post")
	return slackfake.Message{}
}

// waitFor polls cond for up to 10 s (work that happens in a goroutine: direct notices).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// numberForms are the ways the canary number could be written.
func numberForms() []string {
	n := strings.TrimPrefix(canary, "+1")
	a, b, c := n[:3], n[3:6], n[6:]
	return []string{canary, "1" + n, n, a + "-" + b + "-" + c, "(" + a + ") " + b + "-" + c, a + "." + b + "." + c,
		url(canary)}
}

func url(s string) string { return strings.ReplaceAll(s, "+", "%2B") }

// assertNoCanary scans every request the fake Slack received, and the logs.
func (r *rig) assertNoCanary() {
	r.t.Helper()
	var all strings.Builder
	for _, q := range r.fake.Requests() {
		all.WriteString(q.Body + "\n" + q.Form.Encode() + "\n")
	}
	if all.Len() == 0 {
		r.t.Fatal("the fake received nothing; the scan proves nothing")
	}
	for _, f := range numberForms() {
		if strings.Contains(all.String(), f) {
			r.t.Errorf("a request to Slack contains %q", f)
		}
		if strings.Contains(r.logs.String(), f) {
			r.t.Errorf("the log contains %q", f)
		}
	}
	texter := r.bot.Keys.TexterKey(bot.ChannelSMS, canary)
	if strings.Contains(all.String(), texter) || strings.Contains(all.String(), texter[:12]) {
		r.t.Error("a request to Slack contains the texter key (an HMAC of the number)")
	}
}
