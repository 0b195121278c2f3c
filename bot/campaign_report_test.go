package bot_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// TestCampaignReport: every word of the flows has a row in the flows' order, with its counts by
// day and its total; a word the flows no longer have comes last, named by its counter; other
// counters are not campaigns.
func TestCampaignReport(t *testing.T) {
	set, probs := flows.Load(flows.Builtin(), bot.FlowOptions())
	if set == nil {
		t.Fatal(probs)
	}
	d1 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	days := []bot.DayStats{
		{Day: d1, Counts: bot.Counts{"campaign:parents": 7, "campaign:padres": 2, "campaign:church": 3, "conversations": 40}},
		{Day: d1.AddDate(0, 0, 1), Counts: bot.Counts{}},
		{Day: d1.AddDate(0, 0, 2), Counts: bot.Counts{"campaign:parents": 1, "campaign:fe": 12}},
	}
	r := bot.NewCampaignReport(days, set)
	var got []string
	for _, row := range r.Rows {
		got = append(got, fmt.Sprintf("%s %s %s %v %d", row.Word, row.Flow, row.Lang, row.Days, row.Total))
	}
	want := []string{
		"BUSINESS business en [0 0 0] 0", "NEGOCIO business es [0 0 0] 0",
		"FAITH faith en [0 0 0] 0", "FE faith es [0 0 12] 12",
		"PARENTS parents en [7 0 1] 8", "PADRES parents es [2 0 0] 2",
		"SCHOOL school en [0 0 0] 0", "ESCUELA school es [0 0 0] 0",
		"TEENS youth en [0 0 0] 0", "JOVEN youth es [0 0 0] 0",
		"CHURCH   [3 0 0] 3",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	if len(r.Days) != 3 || !r.Days[2].Equal(d1.AddDate(0, 0, 2)) {
		t.Errorf("days %v", r.Days)
	}
	if bot.ShowCount(2) != "<5" || bot.ShowCount(12) != "12" || bot.ShowCount(0) != "0" {
		t.Errorf("small counts are not shown as <5")
	}
}
