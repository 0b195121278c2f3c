// Package report turns the daily counters (bot.StatsStore) into the figures coordinators hand to
// partners and funders: by day or by week over a date range, with the time to claim read from its
// histogram, and every count from 1 to 4 shown as "<5" (bot.ShowCount). `frontdoor report`, the
// console's Reports page and its printable monthly summary all read it, so they agree.
//
// Imports: bot only. cmd/frontdoor and integrations/console import it.
package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Ways to group days.
const (
	ByDay  = "day"
	ByWeek = "week" // weeks start on Monday; the first and last may be cut by the range
)

// Options say what to report.
type Options struct {
	Since, Until time.Time      // both days included: their dates as written (Y, M, D), as days of Loc
	By           string         // ByDay or ByWeek
	Loc          *time.Location // whose days: FRONTDOOR_TIMEZONE; default UTC
}

// Report is the counters of a range, by period, and their total.
type Report struct {
	Since, Until time.Time
	By           string
	Zone         string // whose days (a time zone name)
	Periods      []Period
	Total        Period
}

// Period is one day or week of the report: the counters summed over its days.
type Period struct {
	Start, End time.Time // the first and last day
	Counts     bot.Counts
}

// MaxDays is the longest range a report covers (Build reads a day more on each side, for the
// hours of a time zone's days).
const MaxDays = bot.MaxStatsDays - 2

// ErrRange is the error of a range Build cannot read.
var ErrRange = errors.New("the report's range is empty or too long")

// Build reads the counters of the range and groups them.
func Build(ctx context.Context, s bot.StatsStore, o Options) (Report, error) {
	if o.By == "" {
		o.By = ByDay
	}
	if o.By != ByDay && o.By != ByWeek {
		return Report{}, fmt.Errorf("report by %q: use day or week", o.By)
	}
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	since, until := localDay(o.Since, o.Loc), localDay(o.Until, o.Loc)
	if until.Before(since) || until.Sub(since) >= MaxDays*24*time.Hour {
		return Report{}, fmt.Errorf("%w: %s to %s (at most %d days)", ErrRange, day(since), day(until), MaxDays)
	}
	// The UTC days that hold the hours of the local days: one more on each side.
	utc, err := s.Stats(ctx, since.AddDate(0, 0, -1), until.AddDate(0, 0, 1))
	if err != nil {
		return Report{}, err
	}
	r := Group(InZone(utc, o.Loc, since, until), o.By)
	r.Zone = o.Loc.String()
	return r, nil
}

// localDay is midnight in loc of the date t reads as (in its own location).
func localDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// InZone regroups UTC days' hours into the days of loc from since to until (midnights in loc),
// each hour counted in the local day it starts in. With loc UTC it returns the days as they are.
func InZone(utc []bot.DayStats, loc *time.Location, since, until time.Time) []bot.DayStats {
	var out []bot.DayStats
	index := map[string]int{}
	for d := since; !d.After(until); d = d.AddDate(0, 0, 1) {
		index[d.Format("2006-01-02")] = len(out)
		out = append(out, bot.DayStats{Day: d, Counts: bot.Counts{}})
	}
	for _, u := range utc {
		for h, c := range u.Hours {
			if len(c) == 0 {
				continue
			}
			at := u.Day.Add(time.Duration(h) * time.Hour).In(loc)
			if i, ok := index[at.Format("2006-01-02")]; ok {
				out[i].AddHour(at.Hour(), c)
			}
		}
	}
	return out
}

// Group groups days (oldest first, as Stats returns them) by day or week.
func Group(days []bot.DayStats, by string) Report {
	r := Report{By: by, Total: Period{Counts: bot.Counts{}}}
	if len(days) == 0 {
		return r
	}
	r.Since, r.Until = days[0].Day, days[len(days)-1].Day
	r.Total.Start, r.Total.End = r.Since, r.Until
	for _, d := range days {
		if len(r.Periods) == 0 || by == ByDay || d.Day.Weekday() == time.Monday {
			r.Periods = append(r.Periods, Period{Start: d.Day, Counts: bot.Counts{}})
		}
		p := &r.Periods[len(r.Periods)-1]
		p.End = d.Day
		p.Counts.Sum(d.Counts)
		r.Total.Counts.Sum(d.Counts)
	}
	return r
}

// Label names a period: "2026-03-02", or for a week "2026-03-02 to 2026-03-08".
func (p Period) Label() string {
	if p.Start.Equal(p.End) {
		return day(p.Start)
	}
	return day(p.Start) + " to " + day(p.End)
}

// day is t's date where t is (a report's days are midnights of its zone).
func day(t time.Time) string { return t.Format("2006-01-02") }

// Get returns a counter of the period (0 when absent).
func (p Period) Get(name string) int64 { return p.Counts[name] }

// Labels returns the labels of a labelled counter (bot.StatLabel) seen in the period, most
// counted first, then by name: the regions of "tips:region", the flows of "flow".
func (p Period) Labels(name string) []string {
	prefix := name + ":"
	var out []string
	for k := range p.Counts {
		if l, ok := strings.CutPrefix(k, prefix); ok && !strings.Contains(l, ":") {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if d := p.Counts[prefix+b] - p.Counts[prefix+a]; d != 0 {
			return int(min(max(d, -1), 1))
		}
		return strings.Compare(a, b)
	})
	return out
}

// ClaimQuantile returns the time to claim that a share q (0.5, 0.9) of the period's claims took
// at most, read from the histogram as the upper bound of the bucket that holds it; inf is true
// when it is beyond the last bucket, ok false when the period has fewer than 5 claims (too few
// to show: one slow claim would single out a conversation).
func (p Period) ClaimQuantile(q float64) (bound time.Duration, inf, ok bool) {
	total := int64(0)
	for _, b := range bucketNames() {
		total += p.Counts[b]
	}
	if total <= bot.SmallCount {
		return 0, false, false
	}
	need := int64(q*float64(total) + 0.999999)
	seen := int64(0)
	for i, b := range bot.ClaimBuckets {
		seen += p.Counts[bot.StatClaimBucket+":"+strconv.Itoa(b)]
		if seen >= need {
			return time.Duration(bot.ClaimBuckets[i]) * time.Second, false, true
		}
	}
	return 0, true, true
}

// ClaimText is a quantile as people read it: "5 min or less", "over 4 h", or "" when too few.
func (p Period) ClaimText(q float64) string {
	d, inf, ok := p.ClaimQuantile(q)
	switch {
	case !ok:
		return ""
	case inf:
		return "over " + short(time.Duration(bot.ClaimBuckets[len(bot.ClaimBuckets)-1])*time.Second)
	}
	return short(d) + " or less"
}

func short(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + " h"
	}
	return strconv.Itoa(int(d/time.Minute)) + " min"
}

func bucketNames() []string {
	out := make([]string, 0, len(bot.ClaimBuckets)+1)
	for _, b := range bot.ClaimBuckets {
		out = append(out, bot.StatClaimBucket+":"+strconv.Itoa(b))
	}
	return append(out, bot.StatClaimBucket+":inf")
}
