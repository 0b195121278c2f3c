package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// days is a bot.StatsStore over a map of UTC days, by hour.
type days map[string]*bot.DayStats

func (d days) AddStats(_ context.Context, at time.Time, c bot.Counts) error {
	k := bot.StatsDay(at)
	if d[k] == nil {
		d[k] = &bot.DayStats{Counts: bot.Counts{}}
	}
	d[k].AddHour(at.UTC().Hour(), c)
	return nil
}

func (d days) Stats(_ context.Context, since, until time.Time) ([]bot.DayStats, error) {
	var out []bot.DayStats
	for _, day := range bot.StatsDays(since, until) {
		s := bot.DayStats{Day: day, Counts: bot.Counts{}}
		if x := d[bot.StatsDay(day)]; x != nil {
			for h, c := range x.Hours {
				s.AddHour(h, c)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// seeded is a store with ten days of counters from Monday 2 March: 7 conversations a day, 3 tips
// from Texas and 1 from Nevada on the first day, and 6 claims of which 5 within a minute.
func seeded(t *testing.T) bot.StatsStore {
	t.Helper()
	s := days{}
	ctx := context.Background()
	for i := range 10 {
		if err := s.AddStats(ctx, monday.AddDate(0, 0, i).Add(12*time.Hour), bot.Counts{bot.StatConversations: 7}); err != nil {
			t.Fatal(err)
		}
	}
	first := bot.Counts{bot.StatTips: 4, "tips:region:tx": 3, "tips:region:nv": 1, bot.StatClaims: 6, "claim:le:60": 5, "claim:le:inf": 1}
	if err := s.AddStats(ctx, monday, first); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestByWeek(t *testing.T) {
	r, err := Build(context.Background(), seeded(t), Options{Since: monday.AddDate(0, 0, 1), Until: monday.AddDate(0, 0, 9), By: ByWeek})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Periods {
		got = append(got, p.Label()+"="+bot.ShowCount(p.Get(bot.StatConversations)))
	}
	// Tuesday to Sunday, then Monday to Wednesday of the next week.
	if want := "[2026-03-03 to 2026-03-08=42 2026-03-09 to 2026-03-11=21]"; strings.Join(got, " ") != strings.Trim(want, "[]") {
		t.Fatalf("weeks %v, want %s", got, want)
	}
	if r.Total.Get(bot.StatConversations) != 63 {
		t.Fatalf("total %d, want 63", r.Total.Get(bot.StatConversations))
	}
	if _, err := Build(context.Background(), seeded(t), Options{Since: monday, Until: monday.AddDate(0, 0, -1)}); err == nil {
		t.Fatal("a range that ends before it starts was read")
	}
}

func TestClaimQuantiles(t *testing.T) {
	p := Period{Counts: bot.Counts{"claim:le:60": 5, "claim:le:300": 3, "claim:le:inf": 2}}
	if got := p.ClaimText(0.5); got != "1 min or less" {
		t.Errorf("p50 %q", got)
	}
	if got := p.ClaimText(0.9); got != "over 4 h" {
		t.Errorf("p90 %q", got)
	}
	few := Period{Counts: bot.Counts{"claim:le:60": 4}}
	if got := few.ClaimText(0.5); got != "" {
		t.Errorf("p50 of 4 claims %q, want nothing shown", got)
	}
}

// TestSmallCountsInExports: no count from 1 to 4 leaves in CSV or JSON; they read "<5".
func TestSmallCountsInExports(t *testing.T) {
	r, err := Build(context.Background(), seeded(t), Options{Since: monday, Until: monday, By: ByDay})
	if err != nil {
		t.Fatal(err)
	}
	var c, j bytes.Buffer
	if err := r.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("CSV: %d lines, %v", len(recs), err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	day := recs[1]
	for key, want := range map[string]string{"tips": "<5", "tips:region:tx": "<5", "tips:region:nv": "<5", "conversations": "7",
		"handoffs:claimed": "6", "claim_p50_minutes": "1", "claim_p90_minutes": ">240"} {
		if i, ok := col[key]; !ok || day[i] != want {
			t.Errorf("CSV %s = %q, want %q (columns %v)", key, day[min(i, len(day)-1)], want, recs[0])
		}
	}
	var doc struct {
		Periods []struct{ Figures map[string]string }
		Note    string
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil || len(doc.Periods) != 1 {
		t.Fatalf("JSON: %v\n%s", err, j.String())
	}
	for key, v := range doc.Periods[0].Figures {
		if v == "1" || v == "2" || v == "3" || v == "4" {
			if key != "claim_p50_minutes" && key != "claim_p90_minutes" {
				t.Errorf("JSON %s = %q: a small count shown as itself", key, v)
			}
		}
	}
	if doc.Periods[0].Figures["tips"] != "<5" || !strings.Contains(doc.Note, "<5") {
		t.Errorf("JSON tips = %q, note %q", doc.Periods[0].Figures["tips"], doc.Note)
	}
	for _, rec := range recs[1:] {
		for i, v := range rec {
			if (v == "1" || v == "2" || v == "3" || v == "4") && !strings.HasPrefix(recs[0][i], "claim_p") {
				t.Errorf("CSV %s = %q: a small count shown as itself", recs[0][i], v)
			}
		}
	}
}

// TestInZone: days are the days of the report's time zone. 8 pm in Chicago on Monday 2 March is
// 02:00 UTC on Tuesday; its conversation is Monday's in Chicago and Tuesday's in UTC.
func TestInZone(t *testing.T) {
	s := days{}
	late := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	if err := s.AddStats(context.Background(), late, bot.Counts{bot.StatConversations: 6}); err != nil {
		t.Fatal(err)
	}
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Skip("no time zone database")
	}
	for loc, want := range map[*time.Location]string{chicago: "2026-03-02=6 2026-03-03=0", time.UTC: "2026-03-02=0 2026-03-03=6"} {
		r, err := Build(context.Background(), s, Options{Since: monday, Until: monday.AddDate(0, 0, 1), Loc: loc})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range r.Periods {
			got = append(got, p.Label()+"="+bot.ShowCount(p.Get(bot.StatConversations)))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("in %s: %v, want %s", loc, got, want)
		}
	}
}
