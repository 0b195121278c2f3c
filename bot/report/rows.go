package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Row is one figure of the report: Key is its stable name in CSV and JSON (the counter's name,
// or claim_p50_minutes and claim_p90_minutes), Label what people read, Section the part of the
// table it belongs to.
type Row struct {
	Key, Label, Section string
	counter             string  // the counter shown, or "" for a quantile
	quantile            float64 // for claim_p50_minutes and claim_p90_minutes
}

// Show returns the row's figure for a period as people read it: a count ("<5" from 1 to 4), or
// for the time to claim "5 min or less" ("—" when the period has fewer than 5 claims).
func (r Row) Show(p Period) string {
	if r.counter == "" {
		if t := p.ClaimText(r.quantile); t != "" {
			return t
		}
		return "—"
	}
	return bot.ShowCount(p.Get(r.counter))
}

// Export returns the row's figure as CSV and JSON carry it: a count ("<5" from 1 to 4), or for
// the time to claim the bucket's bound in minutes ("5", ">240"; "" when fewer than 5 claims).
func (r Row) Export(p Period) string {
	if r.counter != "" {
		return bot.ShowCount(p.Get(r.counter))
	}
	d, inf, ok := p.ClaimQuantile(r.quantile)
	switch {
	case !ok:
		return ""
	case inf:
		return ">" + strconv.Itoa(bot.ClaimBuckets[len(bot.ClaimBuckets)-1]/60)
	}
	return strconv.Itoa(int(d / time.Minute))
}

// Counter returns the counter the row shows, "" for a quantile.
func (r Row) Counter() string { return r.counter }

// Sections of the table.
const (
	SectionConversations = "Conversations"
	SectionTips          = "Tips"
	SectionHandoffs      = "Conversations with staff"
	SectionPrivacy       = "Opt-outs and erasure"
)

// fixed lists the rows every report has, in order; a labelled counter (name ending in ":*")
// gives one row per label seen in the range, most counted first.
var fixed = []struct{ counter, label, section string }{
	{bot.StatConversations, "Conversations started", SectionConversations},
	{bot.StatConvChannel + ":*", "Conversations on %s", SectionConversations},
	{bot.StatConvLang + ":*", "Conversations in %s", SectionConversations},
	{bot.StatFlow + ":*", "Reached %s", SectionConversations},
	{bot.StatFailSafe, "Fail-safe replies (911 and the hotline, sent when the system could not answer)", SectionConversations},
	{bot.StatCampaign + ":*", "Campaign %s", SectionConversations},
	{bot.StatTips, "Tips filed", SectionTips},
	{bot.StatTipsUrgent, "Urgent tips (someone in danger now)", SectionTips},
	{bot.StatTipsRegion + ":*", "Tips from %s", SectionTips},
	{bot.StatTipsChannel + ":*", "Tips by %s", SectionTips},
	{bot.StatTipAdditions, "Additions to tips", SectionTips},
	{bot.StatTipFollowUps, "Tipsters asked questions by staff", SectionTips},
	{bot.StatHandoffs, "Handoffs to staff opened", SectionHandoffs},
	{bot.StatHandoffsUrgent, "Urgent handoffs", SectionHandoffs},
	{bot.StatHandoffsQueue + ":*", "Handoffs in queue %s", SectionHandoffs},
	{bot.StatClaims, "Claimed by staff", SectionHandoffs},
	{"p50", "Time to claim, half of them within", SectionHandoffs},
	{"p90", "Time to claim, 9 in 10 within", SectionHandoffs},
	{bot.StatEscalations, "Escalated to backups", SectionHandoffs},
	{bot.StatHotline, "Given the hotline instead of a person (fallback)", SectionHandoffs},
	{bot.StatTransfers, "Transferred to another queue", SectionHandoffs},
	{bot.StatCloses, "Closed by staff", SectionHandoffs},
	{bot.StatOutcome + ":*", "Outcome: %s", SectionHandoffs},
	{bot.StatEnded, "Ended by the texter", SectionHandoffs},
	{bot.StatOptOuts, "Opt-outs (STOP)", SectionPrivacy},
	{bot.StatDeletions, "Erased with DELETE", SectionPrivacy},
	{bot.StatQuickExits, "Left with the quick-exit word", SectionPrivacy},
}

// Rows returns the report's figures in table order.
func (r Report) Rows() []Row {
	var rows []Row
	for _, f := range fixed {
		switch {
		case f.counter == "p50" || f.counter == "p90":
			q := map[string]float64{"p50": 0.5, "p90": 0.9}[f.counter]
			rows = append(rows, Row{Key: "claim_" + f.counter + "_minutes", Label: f.label, Section: f.section, quantile: q})
		case strings.HasSuffix(f.counter, ":*"):
			name := strings.TrimSuffix(f.counter, ":*")
			for _, l := range r.Total.Labels(name) {
				rows = append(rows, Row{Key: name + ":" + l, Label: strings.Replace(f.label, "%s", labelText(name, l), 1),
					Section: f.section, counter: name + ":" + l})
			}
		default:
			rows = append(rows, Row{Key: f.counter, Label: f.label, Section: f.section, counter: f.counter})
		}
	}
	return rows
}

// labelText is how a label reads in a row: state codes and languages as people know them.
func labelText(name, l string) string {
	switch {
	case name == bot.StatTipsRegion && l != bot.StatLabelUnknown:
		return strings.ToUpper(l)
	case name == bot.StatTipsRegion:
		return "an unknown place"
	case name == bot.StatConvLang:
		if n, ok := languages[l]; ok {
			return n
		}
	case name == bot.StatConvChannel || name == bot.StatTipsChannel:
		if n, ok := channels[l]; ok {
			return n
		}
	}
	return l
}

var languages = map[string]string{"en": "English", "es": "Spanish"}

var channels = map[string]string{"sms": "SMS", "slack": "Slack (entered by staff)", "whatsapp": "WhatsApp", "web": "web chat"}
