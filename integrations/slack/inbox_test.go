package slack_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
)

func TestInbox_URLVerification(t *testing.T) {
	r := newRig(t, monday)
	out := r.event("events/url_verification.json", nil)
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification answered %s", out)
	}
}

func TestInbox_UnknownEventIgnored(t *testing.T) {
	r := newRig(t, monday)
	out, err := r.inbox.Event(r.ctx, []byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"no_such_event"}}`))
	if err != nil || out != nil {
		t.Fatalf("an unknown event: %s, %v", out, err)
	}
}

func TestInbox_StaffTalkIgnored(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	other := bot.Thread{Channel: channel, TS: r.fake.AddUserMessage(channel, "", owner, "lunch?")}
	r.staff(other, colleague, "sure")
	r.work()
	if len(r.fake.Ephemerals()) != 0 || len(r.fake.Reactions()) != 0 || len(r.sms.bodies()) != 0 {
		t.Fatal("a thread that is no handoff got an answer")
	}
	_ = th
}

func TestInbox_DirectMessageRunsFlows(t *testing.T) {
	r := newRig(t, monday)
	dm := func(ts, text string) {
		r.event("events/dm.json", map[string]any{"EventID": "Ev" + ts, "Channel": "D0STAFF001", "User": owner, "Text": text, "TS": ts})
	}
	dm("1772443801.000001", "hi")
	dm("1772443801.000001", "hi") // Slack's retry
	r.work()
	replies := r.fake.Messages("D0STAFF001")
	if len(replies) != 1 || !strings.Contains(replies[0].Text, "Reply with a number") {
		t.Fatalf("the DM got %+v; want the menu once", replies)
	}
	dm("1772443802.000001", "2")
	for i, answer := range []string{"Houston, TX", "A van drops girls at the motel", "last night", "NONE", "no", "1", "yes"} {
		dm("1772443803.00000"+string(rune('1'+i)), answer)
	}
	r.work()
	last := r.fake.Messages("D0STAFF001")
	if !strings.Contains(last[len(last)-1].Text, "TIP-") {
		t.Fatalf("the tip over Slack ended with %q", last[len(last)-1].Text)
	}
}

func TestInbox_Commands(t *testing.T) {
	r := newRig(t, monday)
	cmd := func(text string) string {
		t.Helper()
		out, err := r.inbox.CommandForm(r.ctx, map[string][]string{"command": {"/frontdoor"}, "text": {text},
			"user_id": {owner}, "channel_id": {channel}, "trigger_id": {"trig"}})
		if err != nil {
			t.Fatal(err)
		}
		var msg struct{ ResponseType, Text string }
		if err := json.Unmarshal(out, &struct {
			ResponseType *string `json:"response_type"`
			Text         *string `json:"text"`
		}{&msg.ResponseType, &msg.Text}); err != nil || msg.ResponseType != "ephemeral" {
			t.Fatalf("/frontdoor %s answered %s, %v", text, out, err)
		}
		return msg.Text
	}
	if got := cmd("oncall"); !strings.Contains(got, "*national* (<#C0NATION01>): on shift <@U0STAFF001> <@U0STAFF002>; backup <@U0BACKUP01>") ||
		!strings.Contains(got, "*nights* (<#C0NIGHTS01>): on shift nobody") {
		t.Errorf("oncall: %q", got)
	}
	if got := cmd("help"); !strings.Contains(got, "/frontdoor close") {
		t.Errorf("help: %q", got)
	}
	if got := cmd("dance"); !strings.HasPrefix(got, "Unknown command") || !strings.Contains(got, "/frontdoor oncall") {
		t.Errorf("unknown: %q", got)
	}
	if got := cmd("close"); !strings.Contains(got, "no claimed conversation") {
		t.Errorf("close with nothing claimed: %q", got)
	}
}

func TestReconciler(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.press(th, owner, "fd_claim", "")
	r.clock.Advance(time.Minute)
	missed := r.fake.AddUserMessage(th.Channel, th.TS, owner, "Are you safe right now?") // the event never came
	r.fake.AddUserMessage(th.Channel, th.TS, colleague, "watching")
	rec := &slack.Reconciler{API: r.api(), Desk: r.desk, Log: slog.New(slog.DiscardHandler)}
	n, err := rec.Poll(r.ctx)
	if err != nil || n != 1 {
		t.Fatalf("reconciled %d, %v; want the owner's missed reply", n, err)
	}
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Are you safe right now?" {
		t.Fatalf("the texter got %q", got)
	}
	if n, _ := rec.Poll(r.ctx); n != 0 {
		t.Fatalf("a second pass relayed %d more", n)
	}
	r.event("events/thread_reply.json", map[string]any{"EventID": "EvLate", "Channel": th.Channel, "User": owner,
		"Text": "Are you safe right now?", "TS": missed, "ThreadTS": th.TS}) // Slack delivers it after all
	r.work()
	if got := r.sms.bodies(); len(got) != 1 {
		t.Fatalf("the late event sent it again: %q", got)
	}
	if len(r.reactions(missed)) != 1 {
		t.Fatalf("reactions %v", r.reactions(missed))
	}
}

func TestSocketMode(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	api, err := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, AppToken: slackfake.AppToken, APIURL: r.fake.APIURL(),
		Transport: slackfake.LoopbackOnly{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- slack.RunSocketMode(ctx, api, r.inbox, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()

	send := func(typ string, payload []byte) json.RawMessage {
		t.Helper()
		id, err := r.fake.SendSocket(typ, json.RawMessage(payload))
		if err != nil {
			t.Fatal(err)
		}
		ack, err := r.fake.WaitAck(id)
		if err != nil {
			t.Fatal(err)
		}
		return ack
	}
	send("interactive", r.fixture("interactions/button.json", map[string]any{"EventID": "trigS", "User": owner, "TS": th.TS,
		"Channel": th.Channel, "Ephemeral": "false", "ActionID": "fd_claim", "BlockID": "fd_handoff", "Value": "", "ActionTS": "1772443801.000001"}))
	ts := r.fake.AddUserMessage(th.Channel, th.TS, owner, "Hi, I am Sam. How can I help?")
	send("events_api", r.fixture("events/thread_reply.json", map[string]any{"EventID": "EvS", "Channel": th.Channel, "User": owner,
		"Text": "Hi, I am Sam. How can I help?", "TS": ts, "ThreadTS": th.TS}))
	ack := send("slash_commands", []byte(`{"command":"/frontdoor","text":"oncall","user_id":"U0STAFF001","channel_id":"C0NATION01"}`))
	if !strings.Contains(string(ack), "ephemeral") || !strings.Contains(string(ack), "on shift") {
		t.Fatalf("the slash command's ack carried %s", ack)
	}
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Hi, I am Sam. How can I help?" {
		t.Fatalf("over Socket Mode the texter got %q", got)
	}
	if n := len(r.fake.Calls("apps.connections.open")); n == 0 {
		t.Fatal("Socket Mode never opened a connection")
	}
	for _, q := range r.fake.Calls("apps.connections.open") {
		if q.Auth != "Bearer "+slackfake.AppToken {
			t.Fatalf("apps.connections.open got Authorization %q", q.Auth)
		}
	}
}

// TestReconciler_pastTheDedupeWindow: the reconciler does not handle again an owner's reply
// older than the dedupe records (24 h; the conversation lives 72 h): it would overwrite a held
// reply, or be relayed twice.
func TestReconciler_pastTheDedupeWindow(t *testing.T) {
	r := newRig(t, sunday) // after hours: the texter says staff may text back, so a late reply is held
	th := r.handoff()
	r.text("YES")
	r.work()
	const staffer = "U0BACKUP01"
	r.press(th, staffer, "fd_claim", "")
	r.clock.Advance(time.Minute)
	first := r.staff(th, staffer, "Are you safe right now?") // relayed by its event
	r.work()
	r.clock.Advance(25 * time.Hour)
	r.text("still here") // the conversation lives on
	r.work()
	r.clock.Advance(20 * time.Minute)
	held := r.staff(th, staffer, "Can you talk now?") // the texter has been quiet: held
	r.work()
	rec := &slack.Reconciler{API: r.api(), Desk: r.desk, Log: slog.New(slog.DiscardHandler)}
	if n, err := rec.Poll(r.ctx); err != nil || n != 0 {
		t.Fatalf("reconciled %d, %v; want nothing", n, err)
	}
	r.work()
	snap, _ := r.store.Load(r.ctx, r.bot.Keys.TexterKey(bot.ChannelSMS, canary), "")
	if h := snap.Session.Handoff; h == nil || h.Held == nil || h.Held.TS != held {
		t.Fatalf("the held reply was replaced: %+v (first %s, held %s)", h.Held, first, held)
	}
	if got := r.sms.bodies(); len(got) != 1 {
		t.Fatalf("the texter got %q; want the first reply once", got)
	}
}

// TestInbox_FileShare: the owner's message that shares a file is relayed as text (the file is
// never sent) and the owner is told; a file without text sends nothing and says so.
func TestInbox_FileShare(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.press(th, owner, "fd_claim", "")
	r.work()
	share := func(text string) string {
		ts := r.fake.AddUserMessage(th.Channel, th.TS, owner, text)
		r.event("events/file_share.json", map[string]any{"EventID": "Ev" + ts, "Channel": th.Channel, "User": owner,
			"Text": text, "TS": ts, "ThreadTS": th.TS})
		r.work()
		return ts
	}
	share("Here is the address of the shelter: 12 Main St")
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Here is the address of the shelter: 12 Main St" {
		t.Fatalf("the texter got %q", got)
	}
	share("")
	if got := r.sms.bodies(); len(got) != 1 {
		t.Fatalf("a file without text sent %q", got)
	}
	var told []string
	for _, e := range r.fake.Ephemerals() {
		if e.User == owner {
			told = append(told, e.Text)
		}
	}
	all := strings.Join(told, "\n")
	if !strings.Contains(all, "Only the text was sent: files and pictures are not sent") || !strings.Contains(all, "Nothing was sent: files and pictures are not sent") {
		t.Fatalf("the owner was told %q", told)
	}
}

// TestInbox_WaitForDirectNotices: a notice shown at once (a reply in a thread that ended) runs
// beside the request; Wait returns only once it is done, so shutdown does not cut it off.
func TestInbox_WaitForDirectNotices(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.text("MENU") // the conversation ends; its thread is closed
	r.work()
	var answered atomic.Bool
	r.fake.OnCall("chat.postEphemeral", func() { time.Sleep(200 * time.Millisecond); answered.Store(true) })
	r.staff(th, owner, "are you still there?")
	r.inbox.Wait()
	if got := r.fake.Ephemerals(); !answered.Load() || len(got) != 1 || !strings.Contains(got[0].Text, "has ended") {
		t.Fatalf("Wait returned before the notice was shown (answered %v): %+v", answered.Load(), got)
	}
}

// TestSocketMode_envelopeDeadline: an envelope whose handling hangs (the store does not answer)
// is given up within the ack window, and the envelopes after it are handled.
func TestSocketMode_envelopeDeadline(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	var sawDeadline atomic.Bool
	hang := &bottest.Store{Store: r.store, LoadFn: func(ctx context.Context, texter, id string) (bot.Snapshot, error) {
		_, ok := ctx.Deadline()
		sawDeadline.Store(ok)
		<-ctx.Done() // the store hangs until the caller gives up
		return bot.Snapshot{}, ctx.Err()
	}}
	r.wire(r.bot.Keys, hang) // the desk's sessions hang too
	api, err := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, AppToken: slackfake.AppToken, APIURL: r.fake.APIURL(),
		Transport: slackfake.LoopbackOnly{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- slack.RunSocketMode(ctx, api, r.inbox, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()
	claim, err := r.fake.SendSocket("interactive", json.RawMessage(r.fixture("interactions/button.json", map[string]any{"EventID": "trigH",
		"User": owner, "TS": th.TS, "Channel": th.Channel, "Ephemeral": "false", "ActionID": "fd_claim", "BlockID": "fd_handoff",
		"Value": "", "ActionTS": "1772443801.000001"})))
	if err != nil {
		t.Fatal(err)
	}
	next, err := r.fake.SendSocket("slash_commands", json.RawMessage(`{"command":"/frontdoor","text":"oncall","user_id":"U0STAFF001","channel_id":"C0NATION01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.fake.WaitAck(next); err != nil {
		t.Fatalf("the envelope after a hanging one: %v", err)
	}
	if !sawDeadline.Load() {
		t.Error("the hanging envelope was handled without a deadline")
	}
	_ = claim // not acknowledged: Slack sends it again (TestSocketMode covers acks)
}
