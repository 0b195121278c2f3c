package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Partner webhooks: tips, their additions and closed handoffs sent to partners' case-management
// systems (integrations/webhook signs and sends them). The bot decides, at commit time, which
// destinations get which event and what it says; each delivery is a PartnerWebhook effect in
// the outbox, so it is retried with backoff and dead-lettered like any effect, and its
// webhook-id is the same on every retry so the receiver can drop duplicates.

// PartnerWebhook delivers Text, an event's JSON payload, to destination Partner with webhook-id
// Key. Status is the event type.
const PartnerWebhook EffectKind = "partner_webhook"

// Event types, as destinations filter them and payloads name them.
const (
	EventTipFiled      = "tip.filed"
	EventTipAdded      = "tip.added"
	EventHandoffClosed = "handoff.closed"
)

// Partners routes events to destinations.
type Partners interface {
	// Route returns the names of the destinations that take an event of type kind from region
	// (a US state code, or "unknown").
	Route(kind, region string) []string
}

// PartnerEvent is the payload of a partner webhook, as the Standard Webhooks specification
// suggests: a type, a time and the data. It never holds the number, the texter key or the
// alias.
type PartnerEvent struct {
	Type      string      `json:"type"`
	Timestamp time.Time   `json:"timestamp"`
	Data      PartnerData `json:"data"`
}

// PartnerData is what an event says. A tip: its code, time, region, urgency, channel, language
// and answers; an addition: the code and the text added; a closed handoff: when, the queue,
// urgency, the tip it followed up, and the outcome staff recorded, if any.
type PartnerData struct {
	TipCode  string            `json:"tip_code,omitempty"`
	Region   string            `json:"region,omitempty"`
	Urgent   bool              `json:"urgent"`
	Channel  string            `json:"channel,omitempty"`
	Language string            `json:"language,omitempty"`
	Answers  map[string]string `json:"answers,omitempty"`
	Text     string            `json:"text,omitempty"`  // tip.added
	Queue    string            `json:"queue,omitempty"` // handoff.closed
	Outcome  string            `json:"outcome,omitempty"`
}

// partnerEffects adds the effects for the bot's Partners to c (addPartnerEffects).
func (b *Bot) partnerEffects(c *Commit) { addPartnerEffects(b.Partners, c) }

// addPartnerEffects adds a PartnerWebhook effect for each destination of partners that takes an
// event of c: a tip filed (with c.Tip), an addition, a handoff staff closed. nil partners add none.
func addPartnerEffects(partners Partners, c *Commit) {
	if partners == nil || c.Erase {
		return
	}
	n := len(c.Effects)
	for i := 0; i < n; i++ {
		e := c.Effects[i]
		var ev PartnerEvent
		var key string
		switch {
		case e.Kind == TipSubmitted && c.Tip != nil:
			t := c.Tip
			ev = PartnerEvent{Type: EventTipFiled, Timestamp: t.Submitted.UTC(), Data: PartnerData{TipCode: t.Code,
				Region: RegionOf(t.Answers["where"]), Urgent: t.Urgent, Channel: string(orSMS(t.Channel)), Language: t.Lang, Answers: t.Answers}}
			key = t.Code
		case e.Kind == TipAdded:
			ev = PartnerEvent{Type: EventTipAdded, Timestamp: e.At.UTC(), Data: PartnerData{TipCode: e.TipCode, Text: e.Text}}
			key = e.TipCode + "/" + e.Key
		case e.Kind == DeskUpdate && e.Status == StatusClosed:
			ev = PartnerEvent{Type: EventHandoffClosed, Timestamp: e.At.UTC(), Data: PartnerData{TipCode: e.TipCode,
				Region: RegionOf(e.Answers["where"]), Urgent: e.Urgent, Queue: e.Queue, Outcome: CloseOutcome(e)}}
			key = e.Handoff
		default:
			continue
		}
		region := ev.Data.Region
		if region == "" {
			region = StatLabelUnknown
		}
		for _, dest := range partners.Route(ev.Type, region) {
			body, err := json.Marshal(ev)
			if err != nil {
				continue // a map of strings and plain fields always encodes
			}
			e := NewPartnerWebhook(PartnerWebhookFields{Partner: dest, Event: ev.Type, ID: WebhookID(dest, ev.Type, key),
				Body: string(body), TipCode: ev.Data.TipCode})
			e.Texter, e.At = c.Texter, ev.Timestamp
			c.Effects = append(c.Effects, e)
		}
	}
}

func orSMS(ch Channel) Channel {
	if ch == "" {
		return ChannelSMS
	}
	return ch
}

// WebhookID is the webhook-id of an event for a destination: the same on every retry, different
// for each destination and event, and holding nothing of the texter (a hash).
func WebhookID(dest, kind, key string) string {
	sum := sha256.Sum256([]byte(dest + "\x00" + kind + "\x00" + key))
	return "msg_" + hex.EncodeToString(sum[:16])
}

// lane is what orders an effect in the outbox: a texter's effects are applied in commit order,
// and one waiting for a retry holds back the later ones of its lane. A partner's deliveries have
// a lane of their own per destination, so a case system that is down holds back its own
// deliveries (in order per tip) and never the texter's SMS or staff posts.
func (e Effect) lane() string {
	if e.Kind == PartnerWebhook {
		return e.Texter + "\x00webhook\x00" + e.Partner
	}
	return e.Texter
}
