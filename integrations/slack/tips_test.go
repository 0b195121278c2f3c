package slack_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
)

const tipsChannel = "C0TIPS0001"

// hostile is a tip answer that would ping, link and mark up if posted as it is.
const hostile = "<!channel> a man & <@U0STAFF002> at <https://evil.example|here> *bold*"

// fileTip walks number through the tip flow, with what as the answer to "what happened", and
// danger as the answer to "is anyone in danger"; it returns the tip's code.
func (r *rig) fileTip(number, what, danger string) string {
	r.t.Helper()
	var out bot.Outcome
	for _, body := range []string{"hi", "2", "Houston, TX", what, "last night", "a red van", danger, "1", "yes"} {
		out = r.textFrom(number, body)
	}
	for _, e := range out.Effects {
		if e.Kind == bot.TipSubmitted {
			return e.TipCode
		}
	}
	r.t.Fatalf("no tip was filed: %+v", out)
	return ""
}

// tipPosts returns the top-level messages of the tips channel carrying code.
func (r *rig) tipPosts(code string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range r.fake.Messages(tipsChannel) {
		if (m.ThreadTS == "" || m.ThreadTS == m.TS) && strings.Contains(string(m.Metadata), code) {
			out = append(out, m)
		}
	}
	return out
}

// tipThread returns the thread of the one post of code.
func (r *rig) tipThread(code string) bot.Thread {
	r.t.Helper()
	posts := r.tipPosts(code)
	if len(posts) != 1 {
		r.t.Fatalf("%d posts of %s, want 1", len(posts), code)
	}
	return bot.Thread{Channel: tipsChannel, TS: posts[0].TS}
}

func TestTips_Post(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, hostile, "no")
	r.work()
	th := r.tipThread(code)
	p := r.post(th)
	if p.Text != "New tip "+code {
		t.Errorf("the notification is %q", p.Text)
	}
	blocks := blocksText(p)
	for _, want := range []string{"*Tip " + code + "*", "*Where:* Houston, TX", "*When:* last night", "*Involved:* a red van",
		"*What:* &lt;!channel&gt; a man &amp; &lt;@U0STAFF002&gt; at &lt;https://evil.example|here&gt; *bold*",
		"language *en*", "by SMS", "<!date^", "fd_ask_tipster", `"value":"` + code + `"`} {
		if !strings.Contains(blocks, want) {
			t.Errorf("the post lacks %q:\n%s", want, blocks)
		}
	}
	if strings.Contains(blocks, "URGENT") || strings.Contains(p.Text, "<@") {
		t.Errorf("a tip without danger is posted as urgent: %q", p.Text)
	}
	req := r.fake.Calls("chat.postMessage")[0].Form
	if req.Get("unfurl_links") != "false" || req.Get("unfurl_media") != "false" || req.Get("channel") != tipsChannel {
		t.Errorf("posted with %v", req)
	}
	tip, err := r.store.Tip(r.ctx, code)
	if err != nil || tip.Post != bot.LedgerDone || tip.Posted != th {
		t.Fatalf("the tip records its post as %v %+v, %v", tip.Post, tip.Posted, err)
	}
	r.assertNoCanary()
}

func TestTips_UrgentMentionsOnCall(t *testing.T) {
	for _, c := range []struct {
		name string
		at   time.Time
		want []string
	}{{"OnShift", monday, []string{"<@U0STAFF001>", "<@U0STAFF002>"}}, {"AfterHours", sunday, []string{"<@U0BACKUP01>"}}} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, c.at)
			code := r.fileTip(canary, "two girls kept in a house", "yes")
			r.work()
			p := r.post(r.tipThread(code))
			for _, w := range append([]string{"URGENT tip " + code}, c.want...) {
				if !strings.Contains(p.Text, w) {
					t.Errorf("the urgent tip's notification %q lacks %q", p.Text, w)
				}
			}
			if !strings.Contains(blocksText(p), ":rotating_light: *URGENT") {
				t.Errorf("the post is not marked urgent: %s", blocksText(p))
			}
		})
	}
}

// TestTips_SlackDown: Slack answers 500, then 429 with Retry-After, for a while. Every tip is
// posted once Slack is back, none twice, and the worker honoured Retry-After.
func TestTips_SlackDown(t *testing.T) {
	r := newRig(t, monday)
	var fails []slackfake.Answer
	for range 6 {
		fails = append(fails, slackfake.Answer{Status: 500})
	}
	fails = append(fails, slackfake.Answer{Status: 429, RetryAfter: "120"})
	r.fake.Fail("chat.postMessage", fails...)
	var codes []string
	for i := range 5 {
		codes = append(codes, r.fileTip(fmt.Sprintf("+1555010%04d", i), fmt.Sprintf("tip number %d", i), "no"))
	}
	for range 30 {
		r.work()
		r.clock.Advance(30 * time.Second)
	}
	for _, c := range codes {
		if n := len(r.tipPosts(c)); n != 1 {
			t.Errorf("tip %s posted %d times, want once", c, n)
		}
	}
	if n := len(r.fake.Messages(tipsChannel)); n != len(codes) {
		t.Errorf("%d messages in the tips channel for %d tips", n, len(codes))
	}
	if st := r.worker.Stats(); st.DeadLettered != 0 || st.Retried < 7 {
		t.Errorf("worker stats %+v; want every failure retried, nothing dead-lettered", st)
	}
}

// TestTips_SlackDownHonoursRetryAfter: no post attempt before Retry-After is over.
func TestTips_SlackDownHonoursRetryAfter(t *testing.T) {
	r := newRig(t, monday)
	r.fake.Fail("chat.postMessage", slackfake.Answer{Status: 429, RetryAfter: "120"})
	code := r.fileTip(canary, "a house", "no")
	r.work()
	r.clock.Advance(119 * time.Second)
	r.work()
	if n := len(r.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d post attempts within Retry-After, want 1", n)
	}
	r.clock.Advance(2 * time.Second)
	r.work()
	if n := len(r.tipPosts(code)); n != 1 {
		t.Fatalf("%d posts after Retry-After, want 1", n)
	}
}

// dropAnswers lets a request reach the fake but loses Slack's answer, n times: the worker cannot
// tell whether the post happened, as if it crashed right after sending it.
type dropAnswers struct {
	method string
	n      atomic.Int32
}

func (d *dropAnswers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := slackfake.LoopbackOnly{}.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, "/"+d.method) && d.n.Add(-1) >= 0 {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errors.New("connection reset (test)")
	}
	return resp, err
}

// TestTips_CrashAfterPost: the post reached Slack but its answer was lost, twice; the tip is
// found by its code in the channel's metadata and not posted again.
func TestTips_CrashAfterPost(t *testing.T) {
	r := newRig(t, monday)
	drop := &dropAnswers{method: "chat.postMessage"}
	drop.n.Store(1)
	api, err := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, APIURL: r.fake.APIURL(), Transport: drop})
	if err != nil {
		t.Fatal(err)
	}
	r.worker.Applier = &slack.Applier{API: api, Desk: r.desk, Tips: r.store}
	code := r.fileTip(canary, "a house", "no")
	r.work()
	if tip, _ := r.store.Tip(r.ctx, code); tip.Post != bot.LedgerBegun {
		t.Fatalf("after the lost answer the tip's post is %v, want begun", tip.Post)
	}
	r.clock.Advance(time.Minute)
	r.work()
	if n := len(r.tipPosts(code)); n != 1 {
		t.Fatalf("%d posts after a crash between the post and its record, want 1", n)
	}
	if tip, _ := r.store.Tip(r.ctx, code); tip.Post != bot.LedgerDone || tip.Posted.TS != r.tipPosts(code)[0].TS {
		t.Fatalf("the tip records %v %+v", tip.Post, tip.Posted)
	}
}

// killAfterApply applies an effect, then dies before the worker acknowledges it.
type killAfterApply struct {
	bot.Applier
	killed bool
}

func (k *killAfterApply) Apply(ctx context.Context, e bot.Effect) error {
	if k.killed {
		return errors.New("dead")
	}
	err := k.Applier.Apply(ctx, e)
	k.killed = true
	return errors.Join(err, errors.New("killed before the ack (test)"))
}

// TestTips_WorkerKilledBeforeAck: a worker posts the tip and dies before acknowledging it; the
// next worker takes the entry over and does not post again.
func TestTips_WorkerKilledBeforeAck(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, "a house", "no")
	w := r.worker
	first := &bot.Worker{Outbox: w.Outbox, Clock: w.Clock, Log: w.Log, Random: w.Random, Consumer: "dies",
		Applier: &killAfterApply{Applier: w.Applier}}
	if _, err := first.Poll(r.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.tipPosts(code)); n != 1 {
		t.Fatalf("the first worker posted %d times", n)
	}
	r.clock.Advance(bot.DefaultMinIdle + time.Second)
	r.work() // w1 takes over the dead worker's entry
	if n := len(r.tipPosts(code)); n != 1 {
		t.Fatalf("%d posts after the takeover, want 1", n)
	}
	if st, _ := r.store.OutboxStats(r.ctx); st.Pending != 0 {
		t.Fatalf("%d entries still pending", st.Pending)
	}
}

func TestTips_AddByCode(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, "a house", "no")
	r.clock.Advance(time.Hour)
	out := r.text(strings.ToLower(code) + " the van is blue <!here>")
	if got := strings.Join(out.Replies, "\n"); !strings.Contains(got, "we added this.\nCode "+code) {
		t.Fatalf("the tipster was answered %q", got)
	}
	r.work()
	th := r.tipThread(code)
	got := r.threadTexts(th)
	if !strings.Contains(got, "*The tipster added*") || !strings.Contains(got, "the van is blue &lt;!here&gt;") {
		t.Fatalf("the thread shows %q", got)
	}
	r.n-- // the provider retries the same message: no second addition
	r.text(strings.ToLower(code) + " the van is blue <!here>")
	r.work()
	tip, _ := r.store.Tip(r.ctx, code)
	if len(tip.Additions) != 1 || tip.Additions[0].Text != "the van is blue <!here>" || len(r.fake.Thread(th.Channel, th.TS)) != 1 {
		t.Fatalf("the tip keeps %+v and the thread has %d messages", tip.Additions, len(r.fake.Thread(th.Channel, th.TS)))
	}
	stranger := r.textFrom("+15550199999", code+" I know who sent this")
	unknown := r.textFrom("+15550199998", "TIP-2ZZZZZ I know who sent this")
	if strings.Join(stranger.Replies, "") != strings.Join(unknown.Replies, "") || len(stranger.Effects)+len(unknown.Effects) != 0 {
		t.Fatalf("another texter's use of the code got %q, an unknown code %q", stranger.Replies, unknown.Replies)
	}
	r.work()
	if n := len(r.fake.Thread(th.Channel, th.TS)); n != 1 {
		t.Fatalf("a stranger's message reached the tip's thread (%d messages)", n)
	}
	r.assertNoCanary()
}

// TestTips_AddBeforePosted: an addition texted before the tip's post landed waits for it.
func TestTips_AddBeforePosted(t *testing.T) {
	r := newRig(t, monday)
	r.fake.Fail("chat.postMessage", slackfake.Answer{Status: 503})
	code := r.fileTip(canary, "a house", "no")
	r.text(code + " one more thing")
	r.work()
	r.clock.Advance(time.Minute)
	r.work()
	th := r.tipThread(code)
	if got := r.threadTexts(th); !strings.Contains(got, "one more thing") {
		t.Fatalf("the addition did not reach the thread: %q", got)
	}
}

func TestTips_AskTipsterBothWays(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, "a house", "no")
	r.work()
	th := r.tipThread(code)
	r.pressTip(th, owner, code)
	r.work()
	if b := blocksText(r.post(th)); !strings.Contains(b, "Asking the tipster: <@U0STAFF001>") || strings.Contains(b, "fd_ask_tipster") ||
		!strings.Contains(b, "fd_close") || !strings.Contains(b, "*What:* a house") {
		t.Fatalf("after Ask tipster the post is %s", b)
	}
	if got := r.threadTexts(th); !strings.Contains(got, "<@U0STAFF001> is asking the tipster") {
		t.Fatalf("the thread says %q", got)
	}
	r.staff(th, colleague, "I think it's the motel on 5th")
	r.staff(th, owner, "Thank you. What colour was the van?")
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Thank you. What colour was the van?" {
		t.Fatalf("the tipster got %q; want the owner's question only", got)
	}
	r.text("blue, with <!channel> on it")
	r.work()
	if got := r.threadTexts(th); !strings.Contains(got, "blue, with &lt;!channel&gt; on it") {
		t.Fatalf("the tipster's answer is not in the tip's thread: %q", got)
	}
	r.press(th, owner, "fd_close", "")
	r.closeWith(th, owner, "info_given")
	r.work()
	if b := blocksText(r.post(th)); !strings.Contains(b, "Follow-up closed by <@U0STAFF001>") || !strings.Contains(b, "fd_ask_tipster") {
		t.Fatalf("after Close the post is %s", b)
	}
	if got := r.sms.bodies(); len(got) != 2 || !strings.Contains(got[1], "ended this conversation") {
		t.Fatalf("the tipster was sent %q", got)
	}
	r.text("hello?")
	r.work()
	if strings.Contains(r.threadTexts(th), "hello?") {
		t.Fatal("after Close the tipster's message still reached the thread")
	}
	r.assertNoCanary()
}

// TestTips_AskTipsterQuiet: a tipster quiet for more than 15 minutes is asked only once staff
// confirm.
func TestTips_AskTipsterQuiet(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, "a house", "no")
	r.work()
	th := r.tipThread(code)
	r.clock.Advance(40 * time.Minute)
	r.pressTip(th, owner, code)
	ts := r.staff(th, owner, "Are you safe to talk?")
	r.work()
	if len(r.sms.bodies()) != 0 {
		t.Fatal("a quiet tipster was texted without confirmation")
	}
	r.press(th, owner, "fd_send", th.TS+" "+ts)
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Are you safe to talk?" {
		t.Fatalf("after Send anyway the tipster got %q", got)
	}
}

func TestTips_AskTipsterUnreachable(t *testing.T) {
	t.Run("Erased", func(t *testing.T) {
		r := newRig(t, monday)
		code := r.fileTip(canary, "a house", "no")
		r.work()
		r.text("DELETE")
		r.work()
		r.pressTip(r.tipThread(code), owner, code)
		waitFor(t, "the notice", func() bool { return len(r.fake.Ephemerals()) == 1 })
		if e := r.fake.Ephemerals()[0]; !strings.Contains(e.Text, "erase their data") || e.User != owner {
			t.Fatalf("staff were told %+v", e)
		}
		if tip, err := r.store.Tip(r.ctx, code); err != nil || tip.Texter != "" || tip.Answers["what"] != "a house" {
			t.Fatalf("after DELETE the tip is %+v, %v; want it kept without its texter", tip, err)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		r := newRig(t, monday)
		code := r.fileTip(canary, "a house", "no")
		r.work()
		r.clock.Advance(memorySessionTTL + time.Minute)
		r.pressTip(r.tipThread(code), owner, code)
		waitFor(t, "the notice", func() bool { return len(r.fake.Ephemerals()) == 1 })
		if e := r.fake.Ephemerals()[0]; !strings.Contains(e.Text, "cannot be reached") {
			t.Fatalf("staff were told %+v", e)
		}
	})
	t.Run("NotStaff", func(t *testing.T) {
		r := newRig(t, monday)
		code := r.fileTip(canary, "a house", "no")
		r.work()
		r.pressTip(r.tipThread(code), "U0STRANGER1", code)
		r.work()
		if e := r.fake.Ephemerals(); len(e) != 1 || !strings.Contains(e[0].Text, "on-call roster") {
			t.Fatalf("a stranger pressing Ask tipster was told %+v", e)
		}
	})
}

const memorySessionTTL = 72 * time.Hour

// TestTips_EnteredByStaff: a tip a staff member enters in a direct message to the app says so,
// and has no Ask tipster button.
func TestTips_EnteredByStaff(t *testing.T) {
	r := newRig(t, monday)
	var out bot.Outcome
	for i, body := range []string{"hi", "2", "Houston, TX", "a house", "last night", "a red van", "no", "1", "yes"} {
		out = r.bot.Handle(r.ctx, bot.Inbound{ID: fmt.Sprintf("dm%d", i), Channel: bot.ChannelSlack, From: owner, Body: body})
	}
	code := ""
	for _, e := range out.Effects {
		if e.Kind == bot.TipSubmitted {
			code = e.TipCode
		}
	}
	r.work()
	b := blocksText(r.post(r.tipThread(code)))
	if !strings.Contains(b, "entered by staff in Slack") || strings.Contains(b, "fd_ask_tipster") {
		t.Fatalf("a staff-entered tip is posted as %s", b)
	}
}

// pressTip presses Ask tipster on a tip's post.
func (r *rig) pressTip(th bot.Thread, user, code string) {
	r.t.Helper()
	r.n++
	payload := r.fixture("interactions/button.json", map[string]any{"EventID": fmt.Sprintf("trig%d", r.n), "User": user,
		"TS": th.TS, "Channel": th.Channel, "Ephemeral": "false", "ActionID": "fd_ask_tipster", "BlockID": "fd_tip",
		"Value": code, "ActionTS": fmt.Sprintf("%d.%06d", r.clock.Now().Unix(), r.n)})
	if err := r.inbox.Interaction(r.ctx, payload); err != nil {
		r.t.Fatal(err)
	}
}

// TestTips_AddThenEraseKilledBeforeAck: a tipster adds to their tip and erases their data before
// the addition is posted, so the addition has no ledger of theirs; a worker posts it and dies
// before acknowledging it. The next worker finds the post in the tip's thread (by the key in
// its metadata) and does not post it again.
func TestTips_AddThenEraseKilledBeforeAck(t *testing.T) {
	r := newRig(t, monday)
	code := r.fileTip(canary, "a house", "no")
	r.work()
	th := r.tipThread(code)
	r.text(code + " the van is blue")
	r.text("DELETE")
	w := r.worker
	first := &bot.Worker{Outbox: w.Outbox, Clock: w.Clock, Log: w.Log, Random: w.Random, Consumer: "dies",
		Applier: &killAfterApply{Applier: w.Applier}}
	if _, err := first.Poll(r.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.fake.Thread(th.Channel, th.TS)); n != 1 {
		t.Fatalf("the first worker left %d messages in the tip's thread, want the addition", n)
	}
	r.clock.Advance(bot.DefaultMinIdle + time.Second)
	r.work() // the next worker takes over the dead worker's entry
	if got := r.threadTexts(th); len(r.fake.Thread(th.Channel, th.TS)) != 1 || !strings.Contains(got, "the van is blue") {
		t.Fatalf("after the takeover the tip's thread has %d messages: %q", len(r.fake.Thread(th.Channel, th.TS)), got)
	}
	if st, _ := r.store.OutboxStats(r.ctx); st.Pending != 0 {
		t.Fatalf("%d entries still pending", st.Pending)
	}
}
