package directory

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

var (
	langCode  = regexp.MustCompile(`^[a-z]{2}$`)
	phoneLike = regexp.MustCompile(`^\+?[0-9][0-9 ().-]{2,20}$`)
	webURL    = regexp.MustCompile(`^https://[^\s<>|]+$`)
)

// Read parses and checks a directory file. The directory is nil when there is an error.
func Read(file string, data []byte) (*Directory, yamlpos.Problems) {
	r := yamlpos.NewReader(file)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlpos.Problems{yamlpos.SyntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, yamlpos.Problems{{Pos: yamlpos.Pos{File: file, Line: 1, Col: 1}, Msg: "the directory is empty; it needs providers"}}
	}
	d := &Directory{File: file}
	root := yamlpos.Resolve(&doc)
	fields := r.Mapping(root, "the directory", "providers")
	if fl, ok := fields["providers"]; ok {
		seen := map[string]int{}
		for i, n := range r.List(fl.Value, "providers") {
			p := readProvider(r, n, i+1)
			if line, dup := seen[p.ID]; dup && p.ID != "" {
				r.Errorf(yamlpos.Resolve(n), "provider %q is also on line %d; give each provider its own id", p.ID, line)
			}
			seen[p.ID] = p.Line
			d.Providers = append(d.Providers, p)
		}
	} else if fields != nil {
		r.Errorf(root, "the directory has no \"providers\" (the list of vetted partners)")
	}
	if len(r.Problems.Errors()) > 0 {
		return nil, r.Problems.Sorted()
	}
	return d, r.Problems.Sorted()
}

func readProvider(r *yamlpos.Reader, n *yaml.Node, i int) Provider {
	p := Provider{Line: yamlpos.Resolve(n).Line}
	what := fmt.Sprintf("provider %d", i)
	fields := r.Mapping(n, what, "id", "name", "regions", "languages", "services", "hours", "phone", "text", "web")
	if fields == nil {
		return p
	}
	if fl, ok := fields["id"]; ok {
		p.ID, _ = r.Name(fl.Value, what+": id")
		what = fmt.Sprintf("provider %q", p.ID)
	} else {
		r.Errorf(n, "%s has no \"id\" (a short name staff pick it by, like tx_safe_house)", what)
	}
	for _, key := range []string{"name", "regions", "languages", "services"} {
		if _, ok := fields[key]; !ok {
			r.Errorf(yamlpos.Resolve(n), "%s has no %q", what, key)
		}
	}
	str := func(key string) string {
		if fl, ok := fields[key]; ok {
			s, _ := r.Str(fl.Value, what+": "+key)
			return strings.TrimSpace(s)
		}
		return ""
	}
	p.Name, p.Hours = str("name"), str("hours")
	if len(p.Name) > 60 {
		r.Errorf(fields["name"].Value, "%s: the name is %d characters; keep it within 60, it goes in an SMS", what, len(p.Name))
	}
	if len(p.Hours) > 40 {
		r.Errorf(fields["hours"].Value, "%s: hours are %d characters; keep them within 40, like \"24/7\" or \"Mon-Fri 9-5 CT\"", what, len(p.Hours))
	}
	p.Phone, p.Text, p.Web = str("phone"), str("text"), str("web")
	if p.Phone != "" && !phoneLike.MatchString(p.Phone) {
		r.Errorf(fields["phone"].Value, "%s: phone %q is not a phone number like 1-888-373-7888", what, p.Phone)
	}
	if p.Text != "" && !phoneLike.MatchString(p.Text) {
		r.Errorf(fields["text"].Value, "%s: text %q is not a number or short code like 233733", what, p.Text)
	}
	if p.Web != "" && (!webURL.MatchString(p.Web) || len(p.Web) > 80) {
		r.Errorf(fields["web"].Value, "%s: web %q should be an https:// address of at most 80 characters", what, p.Web)
	}
	if p.Phone == "" && p.Text == "" && p.Web == "" && fields != nil {
		r.Errorf(yamlpos.Resolve(n), "%s has no phone, text or web: a texter could not reach it", what)
	}
	if fl, ok := fields["regions"]; ok {
		p.Regions = list(r, fl.Value, what+": regions", func(s string) (string, string) {
			if strings.EqualFold(s, National) {
				return National, ""
			}
			if up := strings.ToUpper(s); region.Valid(up) {
				return up, ""
			}
			return "", fmt.Sprintf("%s: region %q is not a US state's postal code like TX, or national", what, s)
		})
		if len(p.Regions) > 1 && p.National() {
			r.Errorf(fl.Value, "%s: regions lists national and states; national already serves every state", what)
		}
	}
	if fl, ok := fields["languages"]; ok {
		p.Languages = list(r, fl.Value, what+": languages", func(s string) (string, string) {
			if l := strings.ToLower(s); langCode.MatchString(l) {
				return l, ""
			}
			return "", fmt.Sprintf("%s: language %q is not a language code like en or es", what, s)
		})
	}
	if fl, ok := fields["services"]; ok {
		p.Services = list(r, fl.Value, what+": services", func(s string) (string, string) {
			if l := strings.ToLower(s); yamlpos.Contains(flows.Needs, l) {
				return l, ""
			}
			return "", fmt.Sprintf("%s: service %q is not one of %s", what, s, strings.Join(flows.Needs, ", "))
		})
	}
	for _, lang := range p.Languages {
		if m := flows.MeasureSMS(p.Contact(lang)); m.Segments > 2 {
			r.Errorf(yamlpos.Resolve(n), "%s: its referral SMS in %s is %d segments (%d %s characters); shorten the name, hours or web address to fit 2",
				what, lang, m.Segments, m.Units, m.Encoding)
		}
	}
	return p
}

// list reads a list (or one value), each checked by check, which returns the tidy value or why not.
func list(r *yamlpos.Reader, n *yaml.Node, what string, check func(string) (string, string)) []string {
	out := r.Strings(n, what, check)
	if len(out) == 0 && len(r.Problems.Errors()) == 0 {
		r.Errorf(yamlpos.Resolve(n), "%s is empty", what)
	}
	return out
}
