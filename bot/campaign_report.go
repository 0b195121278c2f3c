package bot

import (
	"sort"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/flows"
)

// CampaignReport is how often each campaign word started its flow, day by day: what
// `frontdoor campaigns report` writes and the console's Campaigns page shows, from the same
// counters, so the two always agree. Show each count with ShowCount.
type CampaignReport struct {
	Days []time.Time // midnight UTC of each day, oldest first
	Rows []CampaignRow
}

// CampaignRow is one campaign word.
type CampaignRow struct {
	Word  string  // as the flow writes it, upper case, e.g. "PARENTS"
	Flow  string  // the flow it starts; "" when the flows no longer have the word
	Lang  string  // the language it starts in; "" when the flows no longer have the word
	Days  []int64 // starts on each day of the report
	Total int64
}

// NewCampaignReport reads the campaign counters of days. Every word of the flows gets a row,
// started or not, in the flows' order; a word counted earlier that the flows no longer have
// comes after them, named as its counter names it.
func NewCampaignReport(days []DayStats, set *flows.Set) CampaignReport {
	r := CampaignReport{}
	index := map[string]int{} // counter name -> row
	if set != nil {
		for _, tr := range set.Triggers() {
			index[CampaignStat(tr)] = len(r.Rows)
			r.Rows = append(r.Rows, CampaignRow{Word: strings.ToUpper(tr.Word), Flow: tr.Flow, Lang: tr.Lang})
		}
	}
	var gone []string
	for _, d := range days {
		for name := range d.Counts {
			if _, ok := index[name]; !ok && strings.HasPrefix(name, StatCampaign+":") {
				index[name] = -1
				gone = append(gone, name)
			}
		}
	}
	sort.Strings(gone)
	for _, name := range gone {
		index[name] = len(r.Rows)
		r.Rows = append(r.Rows, CampaignRow{Word: strings.ToUpper(strings.TrimPrefix(name, StatCampaign+":"))})
	}
	for i := range r.Rows {
		r.Rows[i].Days = make([]int64, len(days))
	}
	for di, d := range days {
		r.Days = append(r.Days, d.Day)
		for name, n := range d.Counts {
			if i, ok := index[name]; ok && i >= 0 {
				r.Rows[i].Days[di] += n
				r.Rows[i].Total += n
			}
		}
	}
	return r
}
