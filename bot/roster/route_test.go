package roster_test

import (
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot/roster"
)

const routedYAML = `tips:
  channel: C0TIPS0001
  queue: national
  rules:
    - state: [TX, ok]
      channel: C0TIPSTX01
      queue: texas
    - language: es
      channel: C0TIPSES01
queues:
  national: {channel: C0NATION01, time_zone: UTC, backup: [U0BACKUP01], languages: [en, es]}
  spanish: {channel: C0SPANIS01, time_zone: UTC, backup: [U0BACKUP02], languages: es}
  texas: {channel: C0TEXAS001, time_zone: America/Chicago, backup: [U0BACKUP03]}
  labor: {channel: C0LABOR001, time_zone: UTC, backup: [U0BACKUP04]}
routing:
  default: national
  rules:
    - need: labor
      state: [CA, WA]
      queue: labor
    - language: es
      queue: spanish
    - state: tx
      queue: texas
    - need: [shelter, legal]
      queue: labor
`

func TestRoute(t *testing.T) {
	r, probs := roster.Read("oncall.yaml", []byte(routedYAML))
	if r == nil || len(probs) > 0 {
		t.Fatalf("the roster has problems: %v", probs)
	}
	for _, c := range []struct {
		texter roster.Texter
		want   string
		why    string
	}{
		{roster.Texter{Lang: "en"}, "national", "no rule matches: the default"},
		{roster.Texter{Lang: "es"}, "spanish", "a language rule"},
		{roster.Texter{Lang: "en", State: "TX"}, "texas", "a state rule (written in lower case)"},
		{roster.Texter{Lang: "es", State: "TX"}, "spanish", "first match wins: the language rule comes before the state rule"},
		{roster.Texter{Lang: "en", State: "CA", Need: "labor"}, "labor", "a rule that asks two things, both met"},
		{roster.Texter{Lang: "en", State: "NY", Need: "talk"}, "national", "a need no rule names"},
		{roster.Texter{Lang: "en", State: "OR", Need: "labor"}, "national", "a rule that asks two things, one met"},
		{roster.Texter{Lang: "en", Need: "legal"}, "labor", "any of a rule's values"},
	} {
		if got := r.Route(c.texter); got != c.want {
			t.Errorf("%s: Route(%+v) = %q, want %q", c.why, c.texter, got, c.want)
		}
	}
	for _, c := range []struct {
		texter       roster.Texter
		channel, who string
	}{
		{roster.Texter{Lang: "en", State: "TX"}, "C0TIPSTX01", "texas"},
		{roster.Texter{Lang: "en", State: "OK"}, "C0TIPSTX01", "texas"},
		{roster.Texter{Lang: "es"}, "C0TIPSES01", "national"},
		{roster.Texter{Lang: "en", State: "NY"}, "C0TIPS0001", "national"},
	} {
		if ch, q := r.TipRoute(c.texter); ch != c.channel || q != c.who {
			t.Errorf("TipRoute(%+v) = %s, %s; want %s, %s", c.texter, ch, q, c.channel, c.who)
		}
	}
	if !r.IsTipsChannel("C0TIPSTX01") || !r.IsTipsChannel("C0TIPS0001") || r.IsTipsChannel("C0NATION01") {
		t.Error("IsTipsChannel")
	}
	if got := r.QueueLabel("spanish"); got != "spanish (es)" {
		t.Errorf("QueueLabel(spanish) = %q", got)
	}
	if got := r.QueueLabel("texas"); got != "texas" {
		t.Errorf("QueueLabel(texas) = %q", got)
	}
}

func TestRoute_example(t *testing.T) {
	r := readExample(t)
	if q := r.Route(roster.Texter{Lang: "es", State: "TX"}); q != "spanish" {
		t.Errorf("a Spanish texter goes to %q, want spanish", q)
	}
	if q := r.Route(roster.Texter{Lang: "en", State: "TX", Need: "shelter"}); q != "texas" {
		t.Errorf("an English texter in Texas goes to %q, want texas", q)
	}
	if q := r.Route(roster.Texter{Lang: "en"}); q != "national" {
		t.Errorf("the default is %q, want national", q)
	}
	if ch, _ := r.TipRoute(roster.Texter{Lang: "en", State: "TX"}); ch != "C0TIPSTX01" {
		t.Errorf("a Texas tip goes to %s", ch)
	}
}

func TestCheckQueues_routed(t *testing.T) {
	plain, _ := roster.Read("oncall.yaml", []byte("tips: {channel: C0TIPS0001}\nqueues:\n  national: {channel: C0NATION01, time_zone: UTC, backup: [U0BACKUP01]}\n"))
	probs := plain.CheckQueues(map[string]string{roster.RouteQueue: "talk.yaml, state connect", "national": "help.yaml, state x"})
	want := `oncall.yaml: the flows route handoffs by the roster's rules (talk.yaml, state connect), but the roster has no "routing" (rules and a default queue)`
	if len(probs) != 1 || probs[0].String() != want {
		t.Errorf("CheckQueues: %v\nwant %s", probs, want)
	}
	routed, _ := roster.Read("oncall.yaml", []byte(routedYAML))
	if probs := routed.CheckQueues(map[string]string{roster.RouteQueue: "talk.yaml, state connect"}); len(probs) != 0 {
		t.Errorf("a roster with routing: %v", probs)
	}
}

func TestRead_brokenRouting(t *testing.T) {
	head := "tips:\n  channel: C0TIPS0001\nqueues:\n  national: {channel: C0NATION01, time_zone: UTC, backup: [U0BACKUP01], languages: [english]}\n"
	for _, c := range []struct{ yaml, want string }{
		{head + "routing:\n  rules:\n    - language: es\n      queue: nationl\n", strings.Join([]string{
			`oncall.yaml:4:85: queue "national": languages: "english" is not a language code like en or es`,
			`oncall.yaml:6:3: routing has no "default" (the queue that takes a texter no rule matches, like default: national)`,
			`oncall.yaml:8:14: routing: rule 1: queue: "nationl" is not one of the queues (did you mean "national"?)`}, "\n")},
		{head + "routing:\n  default: spanish\n  rules:\n    - queue: national\n    - state: [TX, Texas]\n      need: [food]\n",
			strings.Join([]string{
				`oncall.yaml:4:85: queue "national": languages: "english" is not a language code like en or es`,
				`oncall.yaml:6:12: routing: default: "spanish" is not one of the queues`,
				`oncall.yaml:8:7: routing: rule 1 asks nothing (give language, state or need); a rule that matches everyone is the default`,
				`oncall.yaml:9:7: routing: rule 2 has no "queue" (where texters it matches go)`,
				`oncall.yaml:9:19: routing: rule 2: state "Texas" is not a US state's two-letter postal code like TX or CA`,
				`oncall.yaml:10:14: routing: rule 2: need "food" is not one of shelter, legal, immigration, labor, medical, talk, other`}, "\n")},
		{"tips:\n  channel: C0TIPS0001\n  rules:\n    - state: TX\n    - language: es\n      channel: tips-es\n      queue: nobody\nqueues:\n  national: {channel: C0NATION01, time_zone: UTC, backup: [U0BACKUP01]}\n",
			strings.Join([]string{
				`oncall.yaml:4:7: tips: rule 1 has no "channel" (the Slack channel ID the tips it matches are posted to)`,
				`oncall.yaml:6:16: tips: rule 2: channel "tips-es" is not a Slack channel ID; copy it from the channel's details (it looks like C0123ABCD)`,
				`oncall.yaml:7:14: tips: rule 2: queue: "nobody" is not one of the queues`}, "\n")},
	} {
		r, probs := roster.Read("oncall.yaml", []byte(c.yaml))
		var got []string
		for _, p := range probs {
			got = append(got, p.String())
		}
		if r != nil || strings.Join(got, "\n") != c.want {
			t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
		}
	}
}
