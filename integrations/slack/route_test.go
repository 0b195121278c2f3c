package slack_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
)

// exampleRig is a rig on deploy/oncall.example.yaml at 10:00 in Chicago and Los Angeles on a
// Monday, when the national, spanish and texas queues all have staff on shift.
func exampleRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
	data, err := os.ReadFile("../../deploy/oncall.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ro, probs := roster.Read("oncall.example.yaml", data)
	if ro == nil {
		t.Fatal(probs)
	}
	r.desk.SwapRoster(ro)
	return r
}

// roots returns the top-level posts of a channel.
func (r *rig) roots(ch string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range r.fake.Messages(ch) {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			out = append(out, m)
		}
	}
	return out
}

// TestRoute_SpanishTexter: a texter who writes in Spanish is handed to the spanish queue by the
// example roster's first rule, and the post shows the intake answers, never the number.
func TestRoute_SpanishTexter(t *testing.T) {
	r := exampleRig(t)
	for _, b := range []string{"hola", "hablar", "1", "3", "Tejas"} {
		r.text(b)
	}
	r.work()
	if n := len(r.roots("C0NATION01")) + len(r.roots("C0TEXAS001")); n != 0 {
		t.Fatalf("%d posts outside the spanish queue", n)
	}
	posts := r.roots("C0SPANIS01")
	if len(posts) != 1 {
		t.Fatalf("%d posts in the spanish queue, want 1", len(posts))
	}
	blocks := blocksText(posts[0])
	for _, want := range []string{"queue *spanish*", "language *es*", "*Need*: problems at work or with pay (labor)", "*State*: TX"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("the post lacks %q:\n%s", want, blocks)
		}
	}
	for _, form := range numberForms() {
		if strings.Contains(string(posts[0].Blocks)+posts[0].Text, form) {
			t.Errorf("the post holds the number as %q", form)
		}
	}
}

// TestRoute_StateAndDefault: an English texter in Texas goes to the texas queue; one who skips
// the state question goes to the default, national.
func TestRoute_StateAndDefault(t *testing.T) {
	r := exampleRig(t)
	for _, b := range []string{"hi", "3", "1", "1", "Austin, TX"} {
		r.text(b)
	}
	for _, b := range []string{"hi", "3", "1", "4", "SKIP"} {
		r.textFrom("+15550142499", b)
	}
	r.work()
	if n := len(r.roots("C0TEXAS001")); n != 1 {
		t.Errorf("%d posts in the texas queue, want 1", n)
	}
	if n := len(r.roots("C0NATION01")); n != 1 {
		t.Errorf("%d posts in the national queue, want 1", n)
	}
}

// TestRoute_TipsByRegion: a tip from Austin, TX is posted to the Texas tips channel; one from
// Reno, NV to the national tips channel.
func TestRoute_TipsByRegion(t *testing.T) {
	r := exampleRig(t)
	walk := func(number, where string) {
		for _, b := range []string{"hi", "2", where, "a van at the motel", "last night", "none", "no", "1", "no"} {
			r.textFrom(number, b)
		}
	}
	walk(canary, "Austin, TX")
	walk("+15550142499", "Reno, NV")
	r.work()
	tx, national := r.roots("C0TIPSTX01"), r.roots("C0TIPS0001")
	if len(tx) != 1 || !strings.Contains(blocksText(tx[0]), "Austin, TX") {
		t.Fatalf("the Texas tips channel got %d posts: %+v", len(tx), tx)
	}
	if len(national) != 1 || !strings.Contains(blocksText(national[0]), "Reno, NV") {
		t.Fatalf("the national tips channel got %d posts: %+v", len(national), national)
	}
}

// TestRoute_TransferNamesNoQueue: Transfer lists the other queues by name and language; the
// texter is told only that another staff member will continue.
func TestRoute_TransferNamesNoQueue(t *testing.T) {
	r := exampleRig(t)
	for _, b := range []string{"hi", "3", "1", "4", "skip"} {
		r.text(b)
	}
	r.work()
	posts := r.roots("C0NATION01")
	if len(posts) != 1 {
		t.Fatalf("%d posts in national", len(posts))
	}
	if b := string(posts[0].Blocks); !strings.Contains(b, "spanish (es)") || !strings.Contains(b, "texas (en, es)") {
		t.Errorf("Transfer does not name the queues with their languages: %s", b)
	}
	th := bot.Thread{Channel: "C0NATION01", TS: posts[0].TS}
	payload := r.fixture("interactions/transfer.json", map[string]any{"EventID": "trigR", "User": "U0STAFF001", "TS": th.TS,
		"Channel": th.Channel, "Value": "spanish", "ActionTS": "1772470801.000001"})
	if err := r.inbox.Interaction(r.ctx, payload); err != nil {
		t.Fatal(err)
	}
	r.work()
	if n := len(r.roots("C0SPANIS01")); n != 1 {
		t.Fatalf("%d posts in spanish after the transfer", n)
	}
	got := r.sms.bodies()
	if len(got) != 1 || got[0] != "Another staff member will continue with you here. In danger? Call 911." {
		t.Fatalf("the texter was sent %q", got)
	}
}

// TestRefer_PostButton: a claimed post has Refer…, which shows the owner the providers for the
// texter's need and state with a Send button each; Send texts the contact once.
func TestRefer_PostButton(t *testing.T) {
	r := exampleRig(t)
	data, _ := os.ReadFile("../../deploy/directory.example.yaml")
	dir, probs := directory.Read("directory.example.yaml", data)
	if dir == nil {
		t.Fatal(probs)
	}
	r.desk.Directory = dir
	for _, b := range []string{"hi", "3", "1", "3", "OK"} { // work or pay, Oklahoma: the national queue
		r.text(b)
	}
	r.work()
	posts := r.roots("C0NATION01")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	th := bot.Thread{Channel: "C0NATION01", TS: posts[0].TS}
	r.press(th, "U0STAFF001", "fd_claim", "")
	r.work()
	if b := string(r.post(th).Blocks); !strings.Contains(b, `"fd_refer"`) {
		t.Fatalf("the claimed post has no Refer button: %s", b)
	}
	r.press(th, "U0STAFF001", "fd_refer", "")
	r.work()
	eph := r.fake.Ephemerals()
	if len(eph) == 0 || !strings.Contains(string(eph[len(eph)-1].Blocks), th.TS+" tx_workers_legal") || !strings.Contains(eph[len(eph)-1].Text, "Providers for labor (OK or national, in en)") {
		t.Fatalf("Refer showed %+v", eph)
	}
	r.press(th, "U0STAFF001", "fd_refer", th.TS+" tx_workers_legal")
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || got[0] != "Example Workers' Legal Aid: call 512-555-0142, web https://legal.example.org. Hours: Mon-Fri 9-5 CT." {
		t.Fatalf("the texter got %q", got)
	}
}
