package roster

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

var langCode = regexp.MustCompile(`^[a-z]{2}$`)

// readRouting reads "routing: {default: QUEUE, rules: [...]}"; the queues are read already.
func readRouting(r *yamlpos.Reader, ro *Roster, n *yaml.Node) {
	fields := r.Mapping(n, "routing", "default", "rules")
	if fields == nil {
		return
	}
	rt := &Routing{}
	if fl, ok := fields["default"]; ok {
		rt.Default = knownQueue(r, ro, fl.Value, "routing: default")
	} else {
		r.Errorf(n, "routing has no \"default\" (the queue that takes a texter no rule matches, like default: national)")
	}
	if fl, ok := fields["rules"]; ok {
		for i, item := range r.List(fl.Value, "routing: rules") {
			what := fmt.Sprintf("routing: rule %d", i+1)
			rf := r.Mapping(item, what, "language", "state", "need", "queue")
			if rf == nil {
				continue
			}
			rule := Rule{Match: readMatch(r, rf, item, what, true)}
			if q, ok := rf["queue"]; ok {
				rule.Queue = knownQueue(r, ro, q.Value, what+": queue")
			} else {
				r.Errorf(item, "%s has no \"queue\" (where texters it matches go)", what)
			}
			rt.Rules = append(rt.Rules, rule)
		}
	}
	ro.Routing = rt
}

// readTipRules reads tips: rules: each posts the tips it matches to its own channel.
func readTipRules(r *yamlpos.Reader, ro *Roster, n *yaml.Node) {
	for i, item := range r.List(n, "tips: rules") {
		what := fmt.Sprintf("tips: rule %d", i+1)
		rf := r.Mapping(item, what, "language", "state", "channel", "queue")
		if rf == nil {
			continue
		}
		rule := TipRule{Match: readMatch(r, rf, item, what, false)}
		if fl, ok := rf["channel"]; ok {
			rule.Channel = channel(r, fl.Value, what+": channel")
		} else {
			r.Errorf(item, "%s has no \"channel\" (the Slack channel ID the tips it matches are posted to)", what)
		}
		if fl, ok := rf["queue"]; ok {
			rule.Queue = knownQueue(r, ro, fl.Value, what+": queue")
		}
		ro.TipRules = append(ro.TipRules, rule)
	}
}

// readMatch reads what a rule asks: language, state and (for handoffs) need, each one value or a
// list. A rule must ask something: one that matches everyone is the default.
func readMatch(r *yamlpos.Reader, fields map[string]yamlpos.Field, n *yaml.Node, what string, needs bool) Match {
	m := Match{Line: yamlpos.Resolve(n).Line}
	if fl, ok := fields["language"]; ok {
		m.Languages = values(r, fl.Value, what+": language", func(s string) string {
			if !langCode.MatchString(strings.ToLower(s)) {
				return fmt.Sprintf("%s: language %q is not a language code like en or es", what, s)
			}
			return ""
		}, strings.ToLower)
	}
	if fl, ok := fields["state"]; ok {
		m.States = values(r, fl.Value, what+": state", func(s string) string {
			if !region.Valid(strings.ToUpper(s)) {
				return fmt.Sprintf("%s: state %q is not a US state's two-letter postal code like TX or CA", what, s)
			}
			return ""
		}, strings.ToUpper)
	}
	if fl, ok := fields["need"]; ok && needs {
		m.Needs = values(r, fl.Value, what+": need", func(s string) string {
			if !yamlpos.Contains(flows.Needs, strings.ToLower(s)) {
				return fmt.Sprintf("%s: need %q is not one of %s", what, s, strings.Join(flows.Needs, ", "))
			}
			return ""
		}, strings.ToLower)
	}
	if len(m.Languages)+len(m.States)+len(m.Needs) == 0 {
		ask := "language, state or need"
		if !needs {
			ask = "language or state"
		}
		r.Errorf(n, "%s asks nothing (give %s); a rule that matches everyone is the default", what, ask)
	}
	return m
}

// values reads one value or a list of them, folded by norm; bad says what is wrong with one as
// written.
func values(r *yamlpos.Reader, n *yaml.Node, what string, bad func(string) string, norm func(string) string) []string {
	return r.Strings(n, what, func(s string) (string, string) {
		if msg := bad(s); msg != "" {
			return "", msg
		}
		return norm(s), ""
	})
}

func knownQueue(r *yamlpos.Reader, ro *Roster, n *yaml.Node, what string) string {
	name, ok := r.Name(n, what)
	if !ok {
		return ""
	}
	if _, known := ro.Queues[name]; !known {
		r.Errorf(n, "%s: %q is not one of the queues%s", what, name, yamlpos.Suggest(name, queueNames(ro)))
	}
	return name
}
