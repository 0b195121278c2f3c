package roster

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

var (
	channelID = regexp.MustCompile(`^[CG][A-Z0-9]{6,}$`)
	userID    = regexp.MustCompile(`^[UW][A-Z0-9]{6,}$`)
	clock     = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)
	dayNames  = map[string]time.Weekday{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
)

// Read parses and checks a roster file. The roster is nil when there is an error.
func Read(file string, data []byte) (*Roster, yamlpos.Problems) {
	r := yamlpos.NewReader(file)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlpos.Problems{yamlpos.SyntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, yamlpos.Problems{{Pos: yamlpos.Pos{File: file, Line: 1, Col: 1}, Msg: "the roster is empty; it needs tips and queues"}}
	}
	ro := read(r, yamlpos.Resolve(&doc))
	if len(r.Problems.Errors()) > 0 {
		return nil, r.Problems.Sorted()
	}
	return ro, r.Problems.Sorted()
}

func read(r *yamlpos.Reader, root *yaml.Node) *Roster {
	ro := &Roster{File: r.File, Queues: map[string]*Queue{}}
	fields := r.Mapping(root, "the roster", "tips", "queues", "contact", "routing")
	if fields == nil {
		return ro
	}
	if fl, ok := fields["contact"]; ok {
		ro.ContactEmail, _ = r.Str(fl.Value, "contact")
	}
	if fl, ok := fields["queues"]; ok {
		readQueues(r, ro, fl.Value)
	} else {
		r.Errorf(root, "the roster has no \"queues\" (the staff queues flows hand off to)")
	}
	if fl, ok := fields["tips"]; ok {
		readTips(r, ro, fl.Value)
	} else {
		r.Errorf(root, "the roster has no \"tips\" (the channel tips are posted to)")
	}
	if fl, ok := fields["routing"]; ok {
		readRouting(r, ro, fl.Value)
	}
	return ro
}

func readTips(r *yamlpos.Reader, ro *Roster, n *yaml.Node) {
	fields := r.Mapping(n, "tips", "channel", "queue", "rules")
	if fl, ok := fields["channel"]; ok {
		ro.TipsChannel = channel(r, fl.Value, "tips: channel")
	} else if fields != nil {
		r.Errorf(n, "tips has no \"channel\" (the Slack channel ID tips are posted to, like C0123ABCD)")
	}
	if fl, ok := fields["queue"]; ok {
		ro.TipsQueue, _ = r.Name(fl.Value, "tips: queue")
		if _, known := ro.Queues[ro.TipsQueue]; !known && ro.TipsQueue != "" {
			r.Errorf(fl.Value, "tips: queue %q is not one of the queues%s", ro.TipsQueue, yamlpos.Suggest(ro.TipsQueue, queueNames(ro)))
		}
	}
	if fl, ok := fields["rules"]; ok {
		readTipRules(r, ro, fl.Value)
	}
}

func queueNames(ro *Roster) []string {
	var names []string
	for n := range ro.Queues {
		names = append(names, n)
	}
	return names
}

func readQueues(r *yamlpos.Reader, ro *Roster, n *yaml.Node) {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		r.Errorf(n, "queues should list the queues by name, not %s", yamlpos.Describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, ok := r.Name(n.Content[i], "the queue name")
		if !ok {
			continue
		}
		ro.Queues[name] = readQueue(r, name, n.Content[i+1])
	}
}

func readQueue(r *yamlpos.Reader, name string, n *yaml.Node) *Queue {
	q := &Queue{Name: name, Location: time.UTC}
	what := fmt.Sprintf("queue %q", name)
	fields := r.Mapping(n, what, "channel", "time_zone", "escalate_after", "hotline_after",
		"urgent_escalate_after", "urgent_hotline_after", "backup", "shifts", "languages")
	if fields == nil {
		return q
	}
	if fl, ok := fields["channel"]; ok {
		q.Channel = channel(r, fl.Value, what+": channel")
	} else {
		r.Errorf(n, "%s has no \"channel\" (the Slack channel ID handoffs are posted to, like C0123ABCD)", what)
	}
	if fl, ok := fields["time_zone"]; ok {
		if tz, ok := r.Str(fl.Value, what+": time_zone"); ok {
			loc, err := time.LoadLocation(tz)
			if err != nil || tz == "" || tz == "Local" {
				r.Errorf(fl.Value, "%s: time_zone %q is not a time zone name like America/Chicago", what, tz)
			} else {
				q.Location = loc
			}
		}
	} else {
		r.Errorf(n, "%s has no \"time_zone\" (the zone its shifts are written in, like America/New_York)", what)
	}
	q.EscalateAfter = duration(r, fields, "escalate_after", what, DefaultEscalateAfter)
	q.HotlineAfter = duration(r, fields, "hotline_after", what, DefaultHotlineAfter)
	if q.HotlineAfter <= q.EscalateAfter {
		r.Errorf(n, "%s: hotline_after (%s) must be longer than escalate_after (%s)", what, q.HotlineAfter, q.EscalateAfter)
	}
	q.UrgentEscalateAfter = duration(r, fields, "urgent_escalate_after", what, min(DefaultUrgentEscalateAfter, q.EscalateAfter))
	q.UrgentHotlineAfter = duration(r, fields, "urgent_hotline_after", what, min(DefaultUrgentHotlineAfter, q.HotlineAfter))
	if q.UrgentHotlineAfter <= q.UrgentEscalateAfter {
		r.Errorf(n, "%s: urgent_hotline_after (%s) must be longer than urgent_escalate_after (%s)", what, q.UrgentHotlineAfter, q.UrgentEscalateAfter)
	}
	if q.UrgentEscalateAfter > q.EscalateAfter || q.UrgentHotlineAfter > q.HotlineAfter {
		r.Errorf(n, "%s: an urgent handoff must escalate sooner than others: urgent_escalate_after (%s) and urgent_hotline_after (%s) may not be longer than escalate_after (%s) and hotline_after (%s)",
			what, q.UrgentEscalateAfter, q.UrgentHotlineAfter, q.EscalateAfter, q.HotlineAfter)
	}
	if fl, ok := fields["backup"]; ok {
		q.Backup = users(r, fl.Value, what+": backup")
	}
	if fl, ok := fields["languages"]; ok {
		q.Languages = values(r, fl.Value, what+": languages", func(s string) string {
			if !langCode.MatchString(strings.ToLower(s)) {
				return fmt.Sprintf("%s: languages: %q is not a language code like en or es", what, s)
			}
			return ""
		}, strings.ToLower)
	}
	if fl, ok := fields["shifts"]; ok {
		for i, s := range r.List(fl.Value, what+": shifts") {
			q.Shifts = append(q.Shifts, readShift(r, s, fmt.Sprintf("%s: shift %d", what, i+1)))
		}
	}
	if len(q.Shifts) == 0 && len(q.Backup) == 0 {
		r.Errorf(n, "%s has no shifts and no backup: nobody would ever be told about a texter", what)
	}
	return q
}

func duration(r *yamlpos.Reader, fields map[string]yamlpos.Field, key, what string, def time.Duration) time.Duration {
	fl, ok := fields[key]
	if !ok {
		return def
	}
	s, ok := r.Str(fl.Value, what+": "+key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 30*time.Second || d > 24*time.Hour {
		r.Errorf(fl.Value, "%s: %s should be a duration from 30s to 24h, like 3m or 10m, not %q", what, key, s)
		return def
	}
	return d
}

func readShift(r *yamlpos.Reader, n *yaml.Node, what string) Shift {
	var s Shift
	fields := r.Mapping(n, what, "days", "from", "to", "staff")
	if fields == nil {
		return s
	}
	for _, key := range []string{"days", "from", "to", "staff"} {
		if _, ok := fields[key]; !ok {
			r.Errorf(yamlpos.Resolve(n), "%s has no %q", what, key)
		}
	}
	if fl, ok := fields["days"]; ok {
		for _, d := range r.List(fl.Value, what+": days") {
			name, _ := r.Str(d, what+": a day")
			if wd, ok := dayNames[strings.ToLower(name)]; ok {
				s.Days[wd] = true
			} else if name != "" {
				r.Errorf(d, "%s: %q is not a day; use mon, tue, wed, thu, fri, sat, sun", what, name)
			}
		}
	}
	s.From = minutes(r, fields, "from", what)
	s.To = minutes(r, fields, "to", what)
	if _, ok := fields["to"]; ok && s.From == s.To {
		r.Errorf(fields["to"].Value, "%s: from and to are the same time; for all day write from: \"00:00\" and to: \"23:59\"", what)
	}
	if fl, ok := fields["staff"]; ok {
		s.Staff = users(r, fl.Value, what+": staff")
	}
	return s
}

func minutes(r *yamlpos.Reader, fields map[string]yamlpos.Field, key, what string) int {
	fl, ok := fields[key]
	if !ok {
		return 0
	}
	s, _ := r.Str(fl.Value, what+": "+key)
	m := clock.FindStringSubmatch(s)
	if m == nil {
		r.Errorf(fl.Value, "%s: %s should be a time like \"09:00\" or \"22:30\" (24-hour, in quotes), not %q", what, key, s)
		return 0
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	return h*60 + mm
}

func channel(r *yamlpos.Reader, n *yaml.Node, what string) string {
	s, ok := r.Str(n, what)
	if ok && !channelID.MatchString(s) {
		r.Errorf(n, "%s %q is not a Slack channel ID; copy it from the channel's details (it looks like C0123ABCD)", what, s)
	}
	return s
}

func users(r *yamlpos.Reader, n *yaml.Node, what string) []string {
	var out []string
	for _, u := range r.List(n, what) {
		s, ok := r.Str(u, what)
		if !ok {
			continue
		}
		if !userID.MatchString(s) {
			r.Errorf(u, "%s: %q is not a Slack user ID; copy it from the person's profile (it looks like U0123ABCD)", what, s)
			continue
		}
		out = append(out, s)
	}
	return out
}
