package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// routes sends tip.filed from Texas to "tx-cms", everything to "all".
type routes struct{}

func (routes) Route(kind, region string) []string {
	if kind == EventTipFiled && region == "TX" {
		return []string{"tx-cms", "all"}
	}
	return []string{"all"}
}

// TestPartnerEffects: a tip, an addition and a staff close each become one delivery per
// destination that takes them, with an id stable for the same event and different per
// destination, and a payload without the texter key or alias.
func TestPartnerEffects(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b := &Bot{Partners: routes{}}
	tip := &Tip{Code: "TIP-2ABCDE", Submitted: at, Lang: "en", Alias: "K7QF", Texter: "texterkey123",
		Answers: map[string]string{"where": "Houston, TX", "what": "a van"}}
	c := Commit{Texter: "texterkey123", Tip: tip, Effects: []Effect{
		{Kind: TipSubmitted, Texter: "texterkey123", Alias: "K7QF", TipCode: tip.Code, At: at},
		{Kind: TipAdded, Texter: "texterkey123", Alias: "K7QF", TipCode: tip.Code, Key: "add:SM9", Text: "plate ABC", At: at},
		{Kind: DeskUpdate, Status: StatusClosed, Texter: "texterkey123", Alias: "K7QF", Handoff: "K7QF-abc-3", Queue: "national", At: at,
			Answers: map[string]string{"where": "Reno, NV"}},
		{Kind: DeskUpdate, Status: StatusClaimed, Alias: "K7QF", Handoff: "K7QF-abc-3"},
	}}
	b.partnerEffects(&c)
	var got []string
	ids := map[string]bool{}
	for _, e := range c.Effects[4:] {
		if e.Kind != PartnerWebhook || !e.KeptByErasure() || e.Texter != "texterkey123" {
			t.Fatalf("delivery %+v", e)
		}
		var ev PartnerEvent
		if err := json.Unmarshal([]byte(e.Text), &ev); err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Partner+" "+ev.Type+" "+ev.Data.Region)
		if strings.Contains(e.Text, "K7QF") || strings.Contains(e.Text, "texterkey") {
			t.Errorf("the %s payload names the texter: %s", ev.Type, e.Text)
		}
		ids[e.Key] = true
	}
	if want := "[tx-cms tip.filed TX all tip.filed TX all tip.added  all handoff.closed NV]"; "["+strings.Join(got, " ")+"]" != want {
		t.Errorf("deliveries %v, want %s", got, want)
	}
	if len(ids) != 4 || WebhookID("all", EventTipFiled, tip.Code) != c.Effects[5].Key {
		t.Errorf("webhook ids %v are not one per delivery, stable per event", ids)
	}
	erased := Commit{Erase: true, Effects: []Effect{{Kind: TipAdded, TipCode: tip.Code}}}
	b.partnerEffects(&erased)
	if len(erased.Effects) != 1 {
		t.Errorf("an erasing commit sent %d deliveries", len(erased.Effects)-1)
	}
}
