package slack_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	slackgo "github.com/slack-go/slack"
)

func TestDesk_OpenHandoff(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	p := r.post(th)
	if !strings.Contains(p.Text, "<@U0STAFF001>") || !strings.Contains(p.Text, "<@U0STAFF002>") || strings.Contains(p.Text, "U0BACKUP01") {
		t.Errorf("the post mentions %q; want the staff on shift only", p.Text)
	}
	blocks := blocksText(p)
	for _, want := range []string{"Texter A001", "national", "fd_claim", "fd_close", "fd_transfer", "nights"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("the post's blocks lack %q:\n%s", want, blocks)
		}
	}
	var meta struct {
		EventType    string         `json:"event_type"`
		EventPayload map[string]any `json:"event_payload"`
	}
	if err := json.Unmarshal(p.Metadata, &meta); err != nil || meta.EventType != "frontdoor_post" || meta.EventPayload["key"] == "" {
		t.Errorf("the post's metadata %s", p.Metadata)
	}
	req := r.fake.Calls("chat.postMessage")[0]
	if req.Form.Get("unfurl_links") != "false" || req.Form.Get("unfurl_media") != "false" || req.Form.Get("token") != slackfake.Token {
		t.Errorf("the post was sent with %v", req.Form)
	}
	if h := r.session().Handoff; h.Thread != th {
		t.Errorf("the session's thread is %+v, want %+v", h.Thread, th)
	}
	r.assertNoCanary()
}

func (r *rig) session() bot.Session {
	r.t.Helper()
	snap, err := r.store.Load(r.ctx, r.bot.Keys.TexterKey(bot.ChannelSMS, canary), "")
	if err != nil {
		r.t.Fatal(err)
	}
	return snap.Session
}

func TestDesk_AfterHours(t *testing.T) {
	r := newRig(t, sunday)
	r.text("hi")
	r.text("3")
	r.text("1")
	r.text("4")
	out := r.text("skip")
	if all := strings.Join(out.Replies, "\n"); !strings.Contains(all, "1-888-373-7888") || !strings.Contains(all, "233733") || !strings.Contains(all, "911") {
		t.Fatalf("after hours the texter got %q", out.Replies)
	}
	r.work()
	p := r.fake.Messages(channel)[0]
	if !strings.Contains(p.Text, "<@U0BACKUP01>") || !strings.Contains(blocksText(p), "Nobody is on shift") {
		t.Fatalf("after hours the post says %q / %s; want the backup mentioned", p.Text, p.Blocks)
	}
	r.clock.Advance(11 * time.Minute)
	if n, err := (&bot.Escalator{Desk: r.desk}).Poll(r.ctx); err != nil || n != 0 {
		t.Fatalf("after hours the escalation still ran: %d %v", n, err)
	}
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("after hours the texter was texted again: %q", got)
	}
}

func TestDesk_RelayBothWays(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.text("<!channel> <@U0STAFF002> come to <https://evil.example|here> & see")
	r.work()
	relayed := r.fake.Thread(th.Channel, th.TS)
	if len(relayed) != 1 {
		t.Fatalf("%d thread messages, want the texter's", len(relayed))
	}
	want := "*Texter A001:* &lt;!channel&gt; &lt;@U0STAFF002&gt; come to &lt;https://evil.example|here&gt; &amp; see"
	if relayed[0].Text != want {
		t.Fatalf("the texter's message was posted as %q, want %q (escaped: no ping, no link)", relayed[0].Text, want)
	}
	post := r.fake.Calls("chat.postMessage")[1].Form
	if post.Get("unfurl_links") != "false" || post.Get("unfurl_media") != "false" || post.Get("thread_ts") != th.TS {
		t.Fatalf("posted with %v", post)
	}

	r.press(th, owner, "fd_claim", "")
	r.work()
	if p := r.post(th); !strings.Contains(blocksText(p), "Claimed by <@U0STAFF001>") || strings.Contains(blocksText(p), "fd_claim") {
		t.Fatalf("after the claim the post is %s", p.Blocks)
	}
	ts := r.staff(th, owner, "We are here &amp; can help. Call <tel:+18883737888|the hotline>, ask for <@U0STAFF002>.")
	r.work()
	want = "We are here & can help. Call +18883737888, ask for staff."
	if got := r.sms.bodies(); len(got) != 1 || got[0] != want {
		t.Fatalf("the texter got %q, want %q", got, want)
	}
	if got := r.reactions(ts); !slices.Equal(got, []string{"white_check_mark"}) {
		t.Fatalf("reactions on the reply: %v, want a check once Twilio accepted it", got)
	}
	r.assertNoCanary()
}

func TestDesk_Internal(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	early := r.staff(th, owner, "Hello?") // before anyone claimed
	r.work()
	eph := r.fake.Ephemerals()
	if len(eph) != 1 || eph[0].User != owner || !strings.Contains(eph[0].Text, "claim this conversation first") ||
		!strings.Contains(string(eph[0].Blocks), "fd_claim") || !strings.Contains(string(eph[0].Blocks), th.TS) {
		t.Fatalf("a reply before the claim: ephemerals %+v", eph)
	}
	r.press(th, owner, "fd_claim", th.TS) // the ephemeral's Claim button names the thread
	other := r.staff(th, colleague, "I know this caller")
	note := r.staff(th, owner, "Note: labor trafficking, likely")
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("internal messages reached the texter: %q", got)
	}
	if !slices.Equal(r.reactions(other), []string{"lock"}) || !slices.Equal(r.reactions(note), []string{"lock"}) || len(r.reactions(early)) != 0 {
		t.Fatalf("reactions: colleague %v, note %v, early %v", r.reactions(other), r.reactions(note), r.reactions(early))
	}
	r.event("events/message_changed.json", map[string]any{"EventID": "EvEdit", "Channel": th.Channel, "User": owner,
		"Text": "edited text", "TS": "1772443999.000001", "ThreadTS": th.TS})
	r.event("events/bot_message.json", map[string]any{"EventID": "EvBot", "Channel": th.Channel, "Text": "bot", "TS": "1772443999.000002", "ThreadTS": th.TS})
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("an edit or a bot message reached the texter: %q", got)
	}
}

// TestDesk_HeldReply: a reply to a texter quiet for 15 minutes is not sent at once. Without their
// yes to later texts it is not sent at all and nobody is offered "Send anyway"; with it (after
// hours they said staff may text back) the owner confirms it.
func TestDesk_HeldReply(t *testing.T) {
	t.Run("NoConsent", func(t *testing.T) {
		r := newRig(t, monday)
		th := r.handoff()
		r.press(th, owner, "fd_claim", "")
		r.clock.Advance(20 * time.Minute)
		r.staff(th, owner, "Are you still there?")
		r.work()
		eph := r.fake.Ephemerals()
		if got := r.sms.bodies(); len(got) != 0 || len(eph) == 0 || !strings.Contains(eph[len(eph)-1].Text, "did not say staff may text them later") ||
			strings.Contains(string(eph[len(eph)-1].Blocks), "Send anyway") {
			t.Fatalf("a reply to a texter quiet for 20 minutes, without consent: sent %q, told %+v", got, eph)
		}
	})
	r := newRig(t, sunday)
	th := r.handoff()
	r.text("YES")
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, "The texter said staff may text them here") {
		t.Fatalf("the thread was not told of the texter's yes: %s", notes)
	}
	r.press(th, "U0BACKUP01", "fd_claim", "")
	r.clock.Advance(20 * time.Minute)
	ts := r.staff(th, "U0BACKUP01", "Are you still there?")
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("a reply to a texter quiet for 20 minutes went out at once: %q", got)
	}
	eph := r.fake.Ephemerals()
	if len(eph) == 0 || !strings.Contains(eph[len(eph)-1].Text, "quiet for 20 minutes") || !strings.Contains(string(eph[len(eph)-1].Blocks), "Send anyway") {
		t.Fatalf("the owner was not asked to confirm: %+v", eph)
	}
	r.press(th, "U0BACKUP01", "fd_send", th.TS+" "+ts)
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Are you still there?" {
		t.Fatalf("after Send anyway the texter got %q", got)
	}
	if !slices.Equal(r.reactions(ts), []string{"white_check_mark"}) {
		t.Fatalf("reactions %v", r.reactions(ts))
	}
}

func TestDesk_Close(t *testing.T) {
	for _, how := range []string{"button", "command"} {
		t.Run(how, func(t *testing.T) {
			r := newRig(t, monday)
			th := r.handoff()
			r.press(th, owner, "fd_claim", "")
			if how == "button" {
				r.press(th, owner, "fd_close", "")
				r.work()
				if got := r.sms.bodies(); len(got) != 0 {
					t.Fatalf("Close without an outcome sent the texter %q", got)
				}
				eph := r.fake.Ephemerals()
				if len(eph) == 0 || !strings.Contains(string(eph[len(eph)-1].Blocks), `"fd_outcome"`) || !strings.Contains(string(eph[len(eph)-1].Blocks), th.TS+" referred") {
					t.Fatalf("Close did not offer the outcomes: %+v", eph)
				}
				r.closeWith(th, owner, "info_given")
			} else {
				out, err := r.inbox.Command(r.ctx, slack.CommandFromForm(map[string][]string{"command": {"/frontdoor"}, "text": {"close info_given HT-2026-0042"},
					"user_id": {owner}, "channel_id": {channel}, "trigger_id": {"trig-close"}}))
				if err != nil || !strings.Contains(string(out), "Closed the conversation with Texter A001") || !strings.Contains(string(out), `"ephemeral"`) {
					t.Fatalf("/frontdoor close answered %s, %v", out, err)
				}
			}
			r.work()
			if got := r.sms.bodies(); len(got) != 1 || !strings.Contains(got[0], "DELETE") || !strings.Contains(got[0], "Write again") {
				t.Fatalf("the texter got %q", got)
			}
			if p := r.post(th); !strings.Contains(blocksText(p), "Closed by <@U0STAFF001>") || strings.Contains(blocksText(p), "fd_close") {
				t.Fatalf("the post after close: %s", p.Blocks)
			}
			if notes := r.threadTexts(th); !strings.Contains(notes, "Closed by") || !strings.Contains(notes, "was sent the closing message") {
				t.Fatalf("the thread says %q", notes)
			}
			r.staff(th, owner, "one more thing")
			waitFor(t, "the ended notice", func() bool {
				e := r.fake.Ephemerals()
				return len(e) > 0 && strings.Contains(e[len(e)-1].Text, "has ended")
			})
			if out := r.text("hello again"); !strings.Contains(strings.Join(out.Replies, ""), "Reply with a number") {
				t.Fatalf("the texter's next message got %q; want the bot", out.Replies)
			}
			r.work()
			if len(r.sms.bodies()) != 1 {
				t.Fatal("something more was texted")
			}
		})
	}
}

func TestDesk_StopDuringHandoff(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.press(th, owner, "fd_claim", "")
	out := r.text("STOP")
	if !strings.Contains(strings.Join(out.Replies, ""), "unsubscribed") {
		t.Fatalf("STOP answered %q", out.Replies)
	}
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, "opted out") {
		t.Fatalf("the thread was not told: %q", notes)
	}
	if p := r.post(th); !strings.Contains(blocksText(p), "Ended: texter opted out") {
		t.Fatalf("the post: %s", p.Blocks)
	}
	r.staff(th, owner, "please reply")
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("a reply after STOP was sent: %q", got)
	}
}

func TestDesk_Erase(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.text("my name is CANARYNAME")
	r.work()
	r.text("DELETE")
	r.work()
	for _, m := range r.fake.Thread(th.Channel, th.TS) {
		if strings.Contains(m.Text, "CANARYNAME") {
			t.Fatalf("after DELETE the thread still shows %q", m.Text)
		}
	}
	if !strings.Contains(r.threadTexts(th), "[erased at the texter's request]") {
		t.Fatalf("thread: %q", r.threadTexts(th))
	}
	t.Run("BeforeTheWorker", func(t *testing.T) {
		// DELETE before the worker posted the texter's message: it is never posted.
		r := newRig(t, monday)
		th := r.handoff()
		r.text("my name is CANARYNAME")
		r.text("DELETE")
		r.work()
		if got := r.threadTexts(th); strings.Contains(got, "CANARYNAME") || strings.Contains(got, "[erased") {
			t.Fatalf("thread: %q", got)
		}
	})
}

func TestDesk_Transfer(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	payload := r.fixture("interactions/transfer.json", map[string]any{"EventID": "trigT", "User": owner, "TS": th.TS,
		"Channel": th.Channel, "Value": "nights", "ActionTS": "1772443801.000001"})
	if err := r.inbox.Interaction(r.ctx, payload); err != nil {
		t.Fatal(err)
	}
	r.work()
	var moved []slackfake.Message
	for _, m := range r.fake.Messages("C0NIGHTS01") {
		if m.ThreadTS == "" {
			moved = append(moved, m)
		}
	}
	if len(moved) != 1 || !strings.Contains(blocksText(moved[0]), "Transferred from queue *national*") || !strings.Contains(moved[0].Text, "<@U0BACKUP02>") {
		t.Fatalf("the post in the new queue: %+v", moved)
	}
	if p := r.post(th); !strings.Contains(blocksText(p), "Transferred to queue *nights*") {
		t.Fatalf("the old post: %s", p.Blocks)
	}
	if got := r.sms.bodies(); len(got) != 1 || !strings.Contains(got[0], "233733") {
		t.Fatalf("the texter, moved to a queue with nobody on shift, got %q", got)
	}
}

func TestDesk_Escalation(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	esc := &bot.Escalator{Desk: r.desk}
	r.clock.Advance(3 * time.Minute)
	if _, err := esc.Poll(r.ctx); err != nil {
		t.Fatal(err)
	}
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, "Still unclaimed after 3 minutes. Backup: <@U0BACKUP01>") {
		t.Fatalf("after 3 minutes the thread says %q", notes)
	}
	r.clock.Advance(7 * time.Minute)
	esc.Poll(r.ctx)
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || !strings.Contains(got[0], "1-888-373-7888") {
		t.Fatalf("after 10 minutes the texter got %q", got)
	}
	r.clock.Advance(10 * time.Minute)
	esc.Poll(r.ctx)
	r.work()
	if len(r.sms.bodies()) != 1 {
		t.Fatal("the hotline message went twice")
	}
}

func TestDesk_SlackErrorsRetriedInOrder(t *testing.T) {
	r := newRig(t, monday)
	r.fake.Fail("chat.postMessage", slackfake.Answer{Status: 429, RetryAfter: "30"}, slackfake.Answer{Status: 503})
	for _, b := range []string{"hi", "3", "1", "4", "skip", "first", "second"} {
		r.text(b)
	}
	r.work()
	if n := len(r.fake.Messages("")); n != 0 {
		t.Fatalf("%d messages posted while Slack refused", n)
	}
	r.clock.Advance(29 * time.Second)
	r.work()
	if n := len(r.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d post attempts before Retry-After ran out, want 1", n)
	}
	r.clock.Advance(2 * time.Second) // Retry-After is over: the 503 comes next, then backoff
	r.work()
	r.clock.Advance(time.Minute)
	r.work()
	posts := r.fake.Messages(channel)
	var texts []string
	for _, m := range posts[1:] {
		texts = append(texts, m.Text)
	}
	if len(posts) != 3 || !strings.Contains(texts[0], "first") || !strings.Contains(texts[1], "second") {
		t.Fatalf("after the errors Slack has %d messages %q; want the post, then first and second in order", len(posts), texts)
	}
	if st := r.worker.Stats(); st.Retried < 2 || st.DeadLettered != 0 {
		t.Fatalf("worker stats %+v", st)
	}
}

func TestDesk_PostOnceAfterCrash(t *testing.T) {
	r := newRig(t, monday)
	for _, b := range []string{"hi", "3", "1", "4", "skip"} {
		r.text(b)
	}
	h := r.session().Handoff
	texter := r.bot.Keys.TexterKey(bot.ChannelSMS, canary)
	// A worker posted, then died before recording the post.
	key := "post:" + h.Ref
	if err := r.store.BeginLedger(r.ctx, texter, key); err != nil {
		t.Fatal(err)
	}
	if _, err := slack.PostOnce(r.ctx, r.api(), bot.NewLedger(failingLedger{r.store}), texter, key, channel, r.clock.Now()); err == nil {
		t.Fatal("the crash simulation did not fail")
	}
	r.work()
	if n := len(r.fake.Messages(channel)); n != 1 {
		t.Fatalf("%d posts after a crash between the post and its record, want 1", n)
	}
	if got := r.session().Handoff.Thread; got.TS != r.fake.Messages(channel)[0].TS {
		t.Fatalf("the thread recorded is %+v", got)
	}
}

// failingLedger loses every ledger write after the post: the crash.
type failingLedger struct{ bot.DeskStore }

func (failingLedger) SetLedger(context.Context, string, string, string) error { return errCrash }

var errCrash = &bot.PermanentError{Code: "crash"}

// blocksText is a message's blocks as JSON with <, > and & as themselves.
func blocksText(m slackfake.Message) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(m.Blocks))
}

// TestDesk_TexterMessageOnce: a texter's message reaches the thread once, also when the effect is
// applied again (a redelivery) and when a worker posted it but died before recording the post.
func TestDesk_TexterMessageOnce(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	texter := r.bot.Keys.TexterKey(bot.ChannelSMS, canary)
	out := r.text("he is back at the motel")
	if len(out.Effects) != 1 || out.Effects[0].Kind != bot.TexterMessage || out.Effects[0].Key == "" {
		t.Fatalf("effects %+v", out.Effects)
	}
	e := out.Effects[0]
	// The crashed worker: the post began, and the message is in Slack with its key.
	if err := r.store.BeginLedger(r.ctx, texter, e.Key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.api().PostMessageContext(r.ctx, th.Channel, slackgo.MsgOptionTS(th.TS),
		slackgo.MsgOptionText("he is back at the motel", true),
		slackgo.MsgOptionMetadata(slackgo.SlackMetadata{EventType: "frontdoor_texter", EventPayload: map[string]any{"key": e.Key}})); err != nil {
		t.Fatal(err)
	}
	r.work()
	applier := &slack.Applier{API: r.api(), Desk: r.desk, Tips: r.store, Log: slog.New(slog.DiscardHandler)}
	if err := applier.Apply(r.ctx, e); err != nil { // a redelivery of the same effect
		t.Fatal(err)
	}
	if n := strings.Count(r.threadTexts(th), "he is back at the motel"); n != 1 {
		t.Fatalf("the texter's message is %d times in the thread, want 1", n)
	}
}
