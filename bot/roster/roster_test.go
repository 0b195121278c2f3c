package roster_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/roster"
)

func readExample(t *testing.T) *roster.Roster {
	t.Helper()
	data, err := os.ReadFile("../../deploy/oncall.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, probs := roster.Read("oncall.example.yaml", data)
	if r == nil || len(probs) > 0 {
		t.Fatalf("the example roster has problems:\n%v", probs)
	}
	return r
}

func TestOnShift(t *testing.T) {
	r := readExample(t)
	nat := r.Queues["national"]
	chicago := nat.Location
	at := func(day, hhmm string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hhmm, chicago)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	for _, tt := range []struct {
		when string
		want []string
	}{
		{"2026-03-02 09:00", []string{"U0STAFF001", "U0STAFF002"}}, // Monday day shift
		{"2026-03-02 17:59", []string{"U0STAFF001", "U0STAFF002"}},
		{"2026-03-02 18:00", []string{"U0STAFF003"}},               // Monday night
		{"2026-03-03 07:59", []string{"U0STAFF003"}},               // Tuesday early: Monday's night shift
		{"2026-03-07 07:00", []string{"U0STAFF003", "U0STAFF004"}}, // Saturday early: Friday night and the weekend
		{"2026-03-09 03:00", nil},                                  // Monday early: Sunday has no night shift
	} {
		d, hm, _ := strings.Cut(tt.when, " ")
		if got := nat.OnShift(at(d, hm)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: on shift %v, want %v", tt.when, got, tt.want)
		}
	}
	if !r.IsMember("U0BACKUP02") || r.IsMember("U0STRANGER") {
		t.Error("members are the staff and backups of any queue")
	}
	if q, ok := r.QueueByChannel("C0SPANIS01"); !ok || q.Name != "spanish" {
		t.Error("QueueByChannel")
	}
	if probs := r.CheckQueues(map[string]string{"national": "talk.yaml", "youth": "youth.yaml"}); len(probs) != 1 ||
		!strings.Contains(probs[0].Msg, `queue "youth" (youth.yaml), which the roster does not have`) {
		t.Errorf("CheckQueues: %v", probs)
	}
}

func TestRead_UrgentDelays(t *testing.T) {
	r := readExample(t)
	if q := r.Queues["national"]; q.UrgentEscalateAfter != time.Minute || q.UrgentHotlineAfter != 3*time.Minute {
		t.Errorf("national's urgent delays are %s and %s", q.UrgentEscalateAfter, q.UrgentHotlineAfter)
	}
	if q := r.Queues["spanish"]; q.UrgentEscalateAfter != roster.DefaultUrgentEscalateAfter || q.UrgentHotlineAfter != roster.DefaultUrgentHotlineAfter {
		t.Errorf("the default urgent delays are %s and %s", q.UrgentEscalateAfter, q.UrgentHotlineAfter)
	}
	fast, probs := roster.Read("oncall.yaml", []byte("tips: {channel: C0TIPS0001}\nqueues:\n  q:\n    channel: C0Q0000001\n    time_zone: UTC\n"+
		"    escalate_after: 30s\n    hotline_after: 40s\n    backup: [U0BACKUP01]\n"))
	if fast == nil {
		t.Fatal(probs)
	}
	if q := fast.Queues["q"]; q.UrgentEscalateAfter != 30*time.Second || q.UrgentHotlineAfter != 40*time.Second {
		t.Errorf("urgent delays default to the queue's own when those are shorter: %s, %s", q.UrgentEscalateAfter, q.UrgentHotlineAfter)
	}
	if e, h := fast.Queues["q"].Delays(false); e != 30*time.Second || h != 40*time.Second {
		t.Errorf("Delays(false) = %s, %s", e, h)
	}
	_, probs = roster.Read("oncall.yaml", []byte("tips: {channel: C0TIPS0001}\nqueues:\n  q:\n    channel: C0Q0000001\n    time_zone: UTC\n"+
		"    urgent_escalate_after: 5m\n    urgent_hotline_after: 4m\n    backup: [U0BACKUP01]\n"))
	want := `oncall.yaml:4:5: queue "q": urgent_hotline_after (4m0s) must be longer than urgent_escalate_after (5m0s)` + "\n" +
		`oncall.yaml:4:5: queue "q": an urgent handoff must escalate sooner than others: urgent_escalate_after (5m0s) and urgent_hotline_after (4m0s) may not be longer than escalate_after (3m0s) and hotline_after (10m0s)`
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != want {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestRead_Problems(t *testing.T) {
	src := `tips:
  channel: tips
  queue: nationl
queues:
  national:
    channel: C0NATION01
    time_zone: America/Chicgo
    escalate_after: 20m
    hotline_after: 10m
    shifts:
      - days: [monday]
        from: "9am"
        to: "17:00"
        staff: [bob]
  empty:
    channel: C0EMPTY001
    time_zone: UTC
`
	r, probs := roster.Read("oncall.yaml", []byte(src))
	if r != nil {
		t.Fatal("a roster with errors must not be returned")
	}
	want := []string{
		`oncall.yaml:2:12: tips: channel "tips" is not a Slack channel ID; copy it from the channel's details (it looks like C0123ABCD)`,
		`oncall.yaml:3:10: tips: queue "nationl" is not one of the queues (did you mean "national"?)`,
		`oncall.yaml:6:5: queue "national": hotline_after (10m0s) must be longer than escalate_after (20m0s)`,
		`oncall.yaml:7:16: queue "national": time_zone "America/Chicgo" is not a time zone name like America/Chicago`,
		`oncall.yaml:11:16: queue "national": shift 1: "monday" is not a day; use mon, tue, wed, thu, fri, sat, sun`,
		`oncall.yaml:12:15: queue "national": shift 1: from should be a time like "09:00" or "22:30" (24-hour, in quotes), not "9am"`,
		`oncall.yaml:14:17: queue "national": shift 1: staff: "bob" is not a Slack user ID; copy it from the person's profile (it looks like U0123ABCD)`,
		`oncall.yaml:16:5: queue "empty" has no shifts and no backup: nobody would ever be told about a texter`,
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
