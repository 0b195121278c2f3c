package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The daily counters behind reports (docs/reporting.md). A commit carries its Counts, and the
// store adds them to the day's counters in the same atomic write as the session, so a retried or
// duplicated message (another replica, a Twilio retry) that commits nothing counts nothing.
// Counter names are fixed words and the few labels below (channel, language, flow, region,
// queue, outcome): never a texter key, alias, number or anything the texter wrote.

// Counts are named counts to add to a day's counters.
type Counts map[string]int64

// Add adds n to the counter name; a nil Counts is allocated.
func (c *Counts) Add(name string, n int64) {
	if n == 0 || name == "" {
		return
	}
	if *c == nil {
		*c = Counts{}
	}
	(*c)[name] += n
}

// Sum adds every counter of o to c.
func (c *Counts) Sum(o Counts) {
	for k, n := range o {
		c.Add(k, n)
	}
}

// StatsStore keeps the daily counters. integrations/memory and integrations/redis implement it
// on the same data as their Store: Commit adds Commit.Counts to the UTC day and hour of the
// store's clock (a day's hash has one field per counter and hour, "name@HH", so that reports can
// regroup the hours into the days of FRONTDOOR_TIMEZONE); storetest.RunStats is its contract.
type StatsStore interface {
	// Stats returns the counters of each UTC day from since to until, both included, summed over
	// the store's shards, oldest first; a day without counts has empty Counts.
	Stats(ctx context.Context, since, until time.Time) ([]DayStats, error)
	// AddStats adds counts to the UTC day of at outside any commit: for what no commit records
	// (a fail-safe reply after an engine error). Such counts are best effort: a retry of the
	// same failing message counts again.
	AddStats(ctx context.Context, at time.Time, c Counts) error
}

// DayStats are one UTC day's counters: the day's totals, and each hour's.
type DayStats struct {
	Day    time.Time // midnight UTC
	Counts Counts
	Hours  [24]Counts // by UTC hour; nil for an hour without counts
}

// AddHour adds the counts of UTC hour h (0 to 23) to the day, in Hours and in Counts.
func (d *DayStats) AddHour(h int, c Counts) {
	if h < 0 || h > 23 {
		return
	}
	d.Hours[h].Sum(c)
	d.Counts.Sum(c)
}

// AddOne adds n to counter name of UTC hour h (0 to 23), in Hours and in Counts.
func (d *DayStats) AddOne(h int, name string, n int64) {
	if h < 0 || h > 23 {
		return
	}
	d.Hours[h].Add(name, n)
	d.Counts.Add(name, n)
}

// HourField is the name a store keeps a counter of UTC hour h under: "name@HH".
func HourField(name string, h int) string { return fmt.Sprintf("%s@%02d", name, h) }

// ParseHourField reads a field HourField wrote (a store checked the name when it wrote it).
func ParseHourField(f string) (name string, hour int, ok bool) {
	i := len(f) - 3
	if i < 1 || f[i] != '@' || f[i+1] < '0' || f[i+1] > '2' || f[i+2] < '0' || f[i+2] > '9' {
		return "", 0, false
	}
	hour = int(f[i+1]-'0')*10 + int(f[i+2]-'0')
	return f[:i], hour, hour < 24
}

// DefaultStatsRetention is how long a day's counters are kept (FRONTDOOR_STATS_RETENTION).
const DefaultStatsRetention = 2 * 365 * 24 * time.Hour

// MaxStatsDays bounds the days one Stats call reads.
const MaxStatsDays = 3 * 366

// StatsDay names the UTC day of t in counter keys: "20060102".
func StatsDay(t time.Time) string { return t.UTC().Format("20060102") }

// StatsDays returns midnight UTC of each day from since to until, both included; none when
// until is before since or the range is longer than MaxStatsDays.
func StatsDays(since, until time.Time) []time.Time {
	from, to := utcDay(since), utcDay(until)
	var days []time.Time
	for d := from; !d.After(to) && len(days) < MaxStatsDays; d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	return days
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// SmallCount is the largest count that is never shown as itself outside the store.
const SmallCount = 4

// ShowCount renders a count for anything outside the store (page, CSV, JSON, print): counts from
// 1 to SmallCount are "<5", so that nobody can be singled out from a small number.
func ShowCount(n int64) string {
	if n >= 1 && n <= SmallCount {
		return "<" + strconv.Itoa(SmallCount+1)
	}
	return strconv.FormatInt(n, 10)
}

// Counter names. Labelled counters are the name, ":" and a label (StatLabel).
const (
	StatConversations   = "conversations" // a texter's first message of a session
	StatConvChannel     = "conversations:channel"
	StatConvLang        = "conversations:lang"
	StatFlow            = "flow" // flow:<id>: a conversation entered the flow
	StatTips            = "tips"
	StatTipsUrgent      = "tips:urgent"
	StatTipsRegion      = "tips:region"  // a US state code, or "unknown"
	StatTipsChannel     = "tips:channel" // where the tip came from
	StatTipAdditions    = "tips:additions"
	StatTipFollowUps    = "tips:followups"  // staff asked a tipster questions (Ask tipster)
	StatHandoffs        = "handoffs:opened" // every handoff post, a transfer's included
	StatHandoffsUrgent  = "handoffs:urgent"
	StatHandoffsQueue   = "handoffs:queue"
	StatTransfers       = "handoffs:transferred"
	StatClaims          = "handoffs:claimed"
	StatEscalations     = "handoffs:escalated"
	StatHotline         = "handoffs:hotline" // the texter was given the hotline (fallback)
	StatCloses          = "handoffs:closed"  // staff closed it
	StatOutcome         = "handoffs:outcome" // handoffs:outcome:<outcome> of a close that has one
	StatEnded           = "handoffs:ended"   // the texter left (MENU, STOP, DELETE, quick exit)
	StatClaimBucket     = "claim:le"         // claim:le:<seconds>: claims within that time of the opening
	StatClaimSeconds    = "claim:seconds"    // the sum of the times to claim
	StatOptOuts         = "opt_outs"
	StatDeletions       = "deletions"
	StatQuickExits      = "quick_exits"
	StatFailSafe        = "failsafe_replies"
	StatCampaign        = "campaign" // campaign:<name>: counted by the campaign triggers
	StatLabelUnknown    = "unknown"
	StatLabelOther      = "other"
	maxStatLabelLength  = 40
	claimBucketInfinity = "inf"
)

// ClaimBuckets are the upper bounds, in seconds, of the time-to-claim histogram; a claim later
// than the last is counted in claim:le:inf. Every claim is counted in exactly one bucket.
var ClaimBuckets = []int{60, 120, 300, 600, 900, 1800, 3600, 7200, 14400}

// ClaimBucket returns the counter name of the bucket for a time to claim.
func ClaimBucket(d time.Duration) string {
	for _, b := range ClaimBuckets {
		if d <= time.Duration(b)*time.Second {
			return StatClaimBucket + ":" + strconv.Itoa(b)
		}
	}
	return StatClaimBucket + ":" + claimBucketInfinity
}

// StatLabel returns name:label with label made safe for a counter name: lower case letters,
// digits, "_", "-" and ".", at most 40 characters; anything else becomes "other" and an empty
// label "unknown". Labels are configuration (flow ids, queues) or fixed values, never input.
func StatLabel(name, label string) string {
	return name + ":" + cleanLabel(label)
}

func cleanLabel(s string) string {
	if s == "" {
		return StatLabelUnknown
	}
	s = strings.ToLower(s)
	if len(s) > maxStatLabelLength {
		return StatLabelOther
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return StatLabelOther
		}
	}
	return s
}

// ValidStatName reports whether a counter name is one a store may keep: parts made of lower
// case letters, digits, "_", "-" and ".", separated by ":", 100 bytes at most. Stores refuse
// other names (they could hold something a texter wrote).
func ValidStatName(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for _, part := range strings.Split(name, ":") {
		if part == "" || cleanLabel(part) != part {
			return false
		}
	}
	return true
}

// KeptCounts returns the counts a store keeps: those with a valid name (ValidStatName) and not
// zero. A store drops the others rather than fail the message they came with.
func KeptCounts(c Counts) Counts {
	var out Counts
	for name, n := range c {
		if ValidStatName(name) {
			out.Add(name, n)
		}
	}
	return out
}
