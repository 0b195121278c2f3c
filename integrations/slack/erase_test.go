package slack_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	slackgo "github.com/slack-go/slack"
)

// TestDesk_EraseEarlierThreads: DELETE redacts the texter's words in the threads of their
// earlier handoffs in the session too, not only the open one, and removes the answers an ended
// handoff's post still shows.
func TestDesk_EraseEarlierThreads(t *testing.T) {
	r := newRig(t, monday)
	first := r.handoff()
	// The first handoff's post shows answers (a coordinator's flow that asks before handing off).
	answers := slackgo.NewSectionBlock(slackgo.NewTextBlockObject(slackgo.MarkdownType, "*where*: CANARYANSWER", false, false),
		nil, nil, slackgo.SectionBlockOptionBlockID("fd_answers"))
	if _, _, _, err := r.api().UpdateMessage(first.Channel, first.TS, slackgo.MsgOptionText("Texter", false), slackgo.MsgOptionBlocks(answers)); err != nil {
		t.Fatal(err)
	}
	r.text("my name is CANARYONE")
	r.work()
	r.text("MENU") // the first handoff ends; its thread stays in Slack
	r.work()
	for _, b := range []string{"3", "1", "4", "skip"} {
		r.text(b)
	}
	r.work()
	var posts []slackfake.Message
	for _, m := range r.fake.Messages(channel) {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			posts = append(posts, m)
		}
	}
	if len(posts) != 2 {
		t.Fatalf("%d posts, want the second handoff's too", len(posts))
	}
	second := bot.Thread{Channel: channel, TS: posts[1].TS}
	r.text("CANARYTWO is here")
	r.work()
	if !strings.Contains(r.threadTexts(first), "CANARYONE") || !strings.Contains(r.threadTexts(second), "CANARYTWO") {
		t.Fatal("setup: the texter's words are not in the threads")
	}
	r.text("DELETE")
	r.work()
	for _, th := range []bot.Thread{first, second} {
		if got := r.threadTexts(th); strings.Contains(got, "CANARY") || !strings.Contains(got, "[erased at the texter's request]") {
			t.Errorf("thread %s after DELETE: %q", th.TS, got)
		}
		if p := r.post(th); strings.Contains(string(p.Blocks), "CANARY") || strings.Contains(p.Text, "CANARY") {
			t.Errorf("post %s still shows %s", th.TS, p.Blocks)
		}
	}
}

// TestDesk_ErasePostInFlight: the texter erases everything while the handoff post is on its
// way to Slack: the post is redrawn as ended, without their answers, and nothing of theirs is
// recorded after.
func TestDesk_ErasePostInFlight(t *testing.T) {
	r := newRig(t, monday)
	for _, b := range []string{"hi", "3", "1", "4", "skip"} {
		r.text(b)
	}
	r.fake.OnCall("chat.postMessage", func() {
		r.bot.Handle(r.ctx, bot.Inbound{ID: "SMdelete", From: canary, Body: "DELETE"})
	})
	r.work()
	posts := r.fake.Messages(channel)
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	if !strings.Contains(string(posts[0].Blocks), "Ended") {
		t.Fatalf("the post of an erased conversation: %s", posts[0].Blocks)
	}
	var meta struct {
		Payload struct{ Key string } `json:"event_payload"`
	}
	if err := json.Unmarshal(posts[0].Metadata, &meta); err != nil || !strings.HasPrefix(meta.Payload.Key, "post:") {
		t.Fatalf("the post's metadata %s: %v", posts[0].Metadata, err)
	}
	tx := r.bot.Keys.TexterKey(bot.ChannelSMS, canary)
	if _, state, err := r.store.Ledger(r.ctx, tx, meta.Payload.Key); state != bot.LedgerNone || err != nil {
		t.Fatalf("the erased texter's ledger has the post again: %v, %v", state, err)
	}
}
